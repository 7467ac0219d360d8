package dev.detach.it.jetty12core;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.Protocol;
import java.util.concurrent.Executor;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Jetty 12 with a core handler only (no servlet environment). */
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
    server.setHandler(new CoreHandler());
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
