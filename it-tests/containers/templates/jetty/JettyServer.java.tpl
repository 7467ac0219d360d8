package @PACKAGE@;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.Protocol;
import dev.detach.it.servlets.TestServlets;
import @JETTY_AUTHENTICATION_PKG@.BasicAuthenticator;
import @JETTY_SECURITY_PKG@.ConstraintSecurityHandler;
import @JETTY_SERVLET_PKG@.FilterHolder;
import @JETTY_SERVLET_PKG@.ServletContextHandler;
import @JETTY_SERVLET_PKG@.ServletHolder;
import @SERVLET_API@.servlet.DispatcherType;
import @SERVLET_API@.servlet.HttpConstraintElement;
import @SERVLET_API@.servlet.ServletSecurityElement;
import @SERVLET_API@.servlet.annotation.ServletSecurity;
import @SERVLET_API@.servlet.http.HttpServlet;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.Executor;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * @SERVER_NAME@ embedded: the test servlets on the root context with sessions, the scope filter in front,
 * BASIC authentication by a ConstraintSecurityHandler and a HashLoginService for the secured paths. With
 * virtual threads requested, the thread pool runs the requests on virtual threads.
 */
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
    if (virtualThreads()) {
      // Jetty 12 only (the lines that run on JDK 25); reflective, so that this compiles against Jetty 9.4 too.
      QueuedThreadPool.class.getMethod("setVirtualThreadsExecutor", Executor.class)
          .invoke(pool, Protocol.newVirtualThreadPerTaskExecutor());
    }
    server = new Server(pool);
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    context.setContextPath("/");
    context.setSecurityHandler(security());
    for (Map.Entry<String, HttpServlet> e : TestServlets.byPath().entrySet()) {
      ServletHolder holder = new ServletHolder(TestServlets.name(e.getKey()), e.getValue());
      holder.setAsyncSupported(true);
      context.addServlet(holder, e.getKey());
    }
    FilterHolder filter = new FilterHolder(TestServlets.filter());
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
  }

  private static ConstraintSecurityHandler security() {
    UserStore users = new UserStore();
    for (String user : Protocol.USERS) {
      users.addUser(user, Credential.getCredential(Protocol.password(user)), new String[] {Protocol.ROLE});
    }
    HashLoginService login = new HashLoginService(Protocol.REALM);
    login.setUserStore(users);
    ConstraintSecurityHandler security = new ConstraintSecurityHandler();
    security.setLoginService(login);
    security.setAuthenticator(new BasicAuthenticator());
    security.setRealmName(Protocol.REALM);
    ServletSecurityElement member =
        new ServletSecurityElement(new HttpConstraintElement(ServletSecurity.TransportGuarantee.NONE, Protocol.ROLE));
    for (var mapping : ConstraintSecurityHandler.createConstraintsWithMappingsForPath("secured",
        TestServlets.securedPattern(), member)) {
      security.addConstraintMapping(mapping);
    }
    return security;
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
