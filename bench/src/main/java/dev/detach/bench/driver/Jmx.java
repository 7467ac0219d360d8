package dev.detach.bench.driver;

import com.sun.tools.attach.VirtualMachine;
import dev.detach.bench.memory.Histogram;
import java.io.IOException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads a running server's counters through the JDK's attach mechanism and JMX, so that any server main
 * class (ours or the demo's) can be measured without changing its command line.
 */
final class Jmx implements AutoCloseable {
  private final JMXConnector connector;
  private final MBeanServerConnection server;

  private Jmx(JMXConnector connector) throws IOException {
    this.connector = connector;
    this.server = connector.getMBeanServerConnection();
  }

  static Jmx attach(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    return new Jmx(JMXConnectorFactory.connect(new JMXServiceURL(address)));
  }

  /** Bytes allocated on the heap by all threads since the JVM started (terminated threads included). */
  long allocatedBytes() throws Exception {
    return (Long) server.getAttribute(new ObjectName("java.lang:type=Threading"), "TotalThreadAllocatedBytes");
  }

  /** CPU time the server process used so far. */
  long cpuNanos() throws Exception {
    return (Long) server.getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "ProcessCpuTime");
  }

  /** A class histogram of the live heap (the JVM runs a full collection first). */
  Histogram liveHeap() throws Exception {
    return Histogram.parse((String) server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
        "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()}));
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
