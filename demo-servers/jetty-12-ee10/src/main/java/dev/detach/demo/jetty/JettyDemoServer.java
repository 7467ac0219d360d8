package dev.detach.demo.jetty;

import dev.detach.demo.server.DemoServer;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;

/** The shop on embedded Jetty 12 (ee10 servlets), with Jetty's defaults. */
public final class JettyDemoServer {

  private JettyDemoServer() {}

  public static void main(String[] args) throws Exception {
    DemoServer.run("Jetty " + Jetty.VERSION + " ee10", args, JettyDemoServer::start);
  }

  private static DemoServer.Running start(DemoServer.Application application, int port) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    application.servlets().forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
    context.addFilter(new FilterHolder(application.filter()), "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();

    return new DemoServer.Running(connector.getLocalPort(), server::stop);
  }
}
