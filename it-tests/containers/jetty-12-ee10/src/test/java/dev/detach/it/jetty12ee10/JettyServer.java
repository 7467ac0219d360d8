package dev.detach.it.jetty12ee10;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.Protocol;
import dev.detach.it.servlets.TestServlets;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.Executor;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Jetty 12 ee10 embedded: the test servlets on the root context, the scope filter in front. */
final class JettyServer implements EmbeddedServer {

  private Server server;
  private ServerConnector connector;

  @Override
  public String name() {
    return "Jetty 12 ee10";
  }

  @Override
  public void start() throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName("jetty-it");
    if (virtualThreads()) {
      pool.setVirtualThreadsExecutor(Protocol.newVirtualThreadPerTaskExecutor());
    }
    server = new Server(pool);
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    for (Map.Entry<String, HttpServlet> e : TestServlets.byPath().entrySet()) {
      ServletHolder holder = new ServletHolder(e.getKey().substring(1), e.getValue());
      holder.setAsyncSupported(true);
      context.addServlet(holder, e.getKey());
    }
    FilterHolder filter = new FilterHolder(TestServlets.filter());
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public Executor containerThreads() {
    return server.getThreadPool();
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.stop();
    }
  }
}
