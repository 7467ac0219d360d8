package dev.detach.it.jetty12core;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.Protocol;
import java.util.concurrent.Executor;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12 with a core handler only (no servlet environment), behind a core {@code SecurityHandler}: BASIC
 * authentication against a HashLoginService for the secured paths.
 */
final class JettyCoreServer implements EmbeddedServer {

  private Server server;
  private ServerConnector connector;

  @Override
  public String name() {
    return "Jetty 12 core";
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
    server.setHandler(security(new CoreHandler()));
    server.start();
  }

  private static SecurityHandler security(CoreHandler handler) {
    UserStore users = new UserStore();
    for (String user : Protocol.USERS) {
      users.addUser(user, Credential.getCredential(Protocol.password(user)), new String[] {Protocol.ROLE});
    }
    HashLoginService login = new HashLoginService(Protocol.REALM);
    login.setUserStore(users);
    SecurityHandler.PathMapped security = new SecurityHandler.PathMapped(handler);
    security.setLoginService(login);
    security.setAuthenticator(new BasicAuthenticator());
    security.put(Protocol.SECURED + "/*", Constraint.from(Protocol.ROLE));
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
  public boolean hasFilters() {
    return false;
  }

  @Override
  public boolean hasRedispatch() {
    return false;
  }

  @Override
  public boolean hasAsyncTimeout() {
    return false;
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.stop();
    }
  }
}
