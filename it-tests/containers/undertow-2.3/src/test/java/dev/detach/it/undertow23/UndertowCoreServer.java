package dev.detach.it.undertow23;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.Protocol;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/** Undertow 2.3 with core HttpHandlers only (no servlet deployment). */
final class UndertowCoreServer implements EmbeddedServer {

  private Undertow undertow;

  @Override
  public String name() {
    return "Undertow 2.3 core";
  }

  @Override
  public void start() {
    undertow = Undertow.builder()
        .addHttpListener(0, "127.0.0.1")
        .setHandler(new CoreHandler(Protocol.requestExecutorOrNull()))
        .build();
    undertow.start();
  }

  @Override
  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  @Override
  public Executor containerThreads() {
    return UndertowThreads.of(undertow.getWorker());
  }

  @Override
  public boolean hasFilters() {
    return false;
  }

  @Override
  public boolean hasAsyncTimeout() {
    return false;
  }

  @Override
  public void close() {
    if (undertow != null) {
      undertow.stop();
    }
  }
}
