package dev.detach.bench.driver;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One server JVM: {@code JAVA [JVM options] [agent options] SERVER_SPEC --port PORT}, its output in a log
 * file. {@code SERVER_SPEC} is how the server is launched ({@code -cp CLASSPATH MAIN_CLASS}, or {@code -jar
 * JAR}): the benchmark's own servers or the demo servers, which take the same {@code --port}.
 */
final class ServerProcess implements AutoCloseable {

  /** The request the benchmark sends: the demo's order endpoint. */
  static final String ORDER_PATH = "/orders?item=book";
  static final Map<String, String> ORDER_HEADERS = Map.of("X-User", "alice", "X-Tenant", "acme");

  final int port;
  private final Process process;
  private final long launchedNanos;
  private final File log;

  private ServerProcess(int port, Process process, long launchedNanos, File log) {
    this.port = port;
    this.process = process;
    this.launchedNanos = launchedNanos;
    this.log = log;
  }

  /** Starts the server on a free port. */
  static ServerProcess start(String java, List<String> jvmOptions, List<String> agentOptions,
      List<String> serverSpec, File log) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(agentOptions);
    command.addAll(serverSpec);
    command.add("--port");
    command.add(Integer.toString(port));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
    builder.environment().keySet().removeIf(k -> k.startsWith("JAVA_TOOL_OPTIONS") || k.startsWith("JDK_JAVA_OPTIONS"));
    long launched = System.nanoTime();
    Process process = builder.start();
    return new ServerProcess(port, process, launched, log);
  }

  /**
   * Waits until the order endpoint answers 200, polling every millisecond; returns the nanoseconds from
   * launching the JVM to that first served request.
   */
  long awaitFirstRequest(long timeoutSeconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    byte[] request = Http.post(ORDER_PATH, ORDER_HEADERS);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the server exited with " + process.exitValue() + "; see " + log);
      }
      try (Http http = new Http(port, 1_000)) {
        Http.Response response = http.exchange(request);
        if (response.status() == 200) {
          return System.nanoTime() - launchedNanos;
        }
      } catch (ConnectException | SocketTimeoutException notYet) {
        // not listening yet
      } catch (IOException closed) {
        // listening, not serving yet
      }
      Thread.sleep(1);
    }
    throw new IOException("the server did not answer " + ORDER_PATH + " within " + timeoutSeconds + " s; see " + log);
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
