package dev.detach.it.undertow23;

import dev.detach.it.containers.EmbeddedServer;
import dev.detach.it.containers.Protocol;
import io.undertow.Undertow;
import io.undertow.security.api.AuthenticationMode;
import io.undertow.security.handlers.AuthenticationCallHandler;
import io.undertow.security.handlers.AuthenticationConstraintHandler;
import io.undertow.security.handlers.AuthenticationMechanismsHandler;
import io.undertow.security.handlers.SecurityInitialHandler;
import io.undertow.security.impl.BasicAuthenticationMechanism;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Undertow 2.3 with core HttpHandlers only (no servlet deployment), behind Undertow's security handlers: BASIC
 * authentication of the users of {@link UndertowUsers} for the secured paths.
 */
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
        .setHandler(secured(new CoreHandler(Protocol.requestExecutorOrNull())))
        .build();
    undertow.start();
  }

  /**
   * The secured paths go through Undertow's security handlers (which dispatch to a worker thread first); the
   * others reach the handler as before, on the I/O thread.
   */
  private static HttpHandler secured(HttpHandler handler) {
    HttpHandler security = new SecurityInitialHandler(AuthenticationMode.PRO_ACTIVE, new UndertowUsers(),
        new AuthenticationMechanismsHandler(
            new AuthenticationConstraintHandler(new AuthenticationCallHandler(handler)),
            List.of(new BasicAuthenticationMechanism(Protocol.REALM))));
    return exchange -> {
      if (exchange.getRequestPath().startsWith(Protocol.SECURED + "/")) {
        security.handleRequest(exchange);
      } else {
        handler.handleRequest(exchange);
      }
    };
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
