package @PACKAGE@;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.servlets.TestServlets;
import @SERVLET_API@.servlet.DispatcherType;
import @SERVLET_API@.servlet.http.HttpServlet;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.Executor;
import @JETTY_SERVLET_PKG@.FilterHolder;
import @JETTY_SERVLET_PKG@.ServletContextHandler;
import @JETTY_SERVLET_PKG@.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** @SERVER_NAME@ embedded: the test servlets on the root context, the scope filter in front. */
final class JettyServer implements EmbeddedServer {

  private Server server;
  private ServerConnector connector;

  @Override
  public String name() {
    return "@SERVER_NAME@";
  }

  @Override
  public void start() throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName("jetty-it");
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
