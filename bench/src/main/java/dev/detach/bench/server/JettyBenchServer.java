package dev.detach.bench.server;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The benchmark endpoints on embedded Jetty 12 ee10, with Jetty's defaults. */
public final class JettyBenchServer {
  private JettyBenchServer() {}

  public static void main(String[] args) throws Exception {
    BenchApplication.run("Jetty", args, (servlets, port) -> {
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(port);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      servlets.forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
      server.setHandler(context);
      server.start();
      return connector.getLocalPort();
    });
  }
}
