package dev.detach.bench.server;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** The benchmark endpoints on embedded Tomcat 11, with Tomcat's defaults (as the demo's Tomcat server). */
public final class TomcatBenchServer {
  private TomcatBenchServer() {}

  public static void main(String[] args) throws Exception {
    BenchApplication.run("Tomcat", args, (servlets, port) -> {
      Path base = Files.createTempDirectory("detach-bench-tomcat");
      Tomcat tomcat = new Tomcat();
      tomcat.setBaseDir(base.toString());
      Connector connector = new Connector("HTTP/1.1");
      connector.setPort(port);
      connector.setProperty("address", "127.0.0.1");
      tomcat.getService().addConnector(connector);
      tomcat.setConnector(connector);
      Context context = tomcat.addContext("", base.toString());
      servlets.forEach((path, servlet) -> {
        Tomcat.addServlet(context, path, servlet);
        context.addServletMappingDecoded(path, path);
      });
      tomcat.start();
      return connector.getLocalPort();
    });
  }
}
