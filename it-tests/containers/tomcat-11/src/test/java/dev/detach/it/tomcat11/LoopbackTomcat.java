package dev.detach.it.tomcat11;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** An embedded Tomcat of this module's own tests: one HTTP/1.1 connector on 127.0.0.1, any free port, a root context. */
final class LoopbackTomcat {

  final Tomcat tomcat = new Tomcat();
  final Connector connector = new Connector("HTTP/1.1");
  final Context context;

  /** Not started yet; {@code name} names its temporary base directory. */
  LoopbackTomcat(String name) throws IOException {
    Path base = Files.createTempDirectory(name);
    tomcat.setBaseDir(base.toString());
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    context = tomcat.addContext("", base.toString());
  }

  /** The base URL once started, e.g. {@code http://127.0.0.1:34567}. */
  String url() {
    return "http://127.0.0.1:" + connector.getLocalPort();
  }
}
