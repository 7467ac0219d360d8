package dev.detach.agent.container.undertow;

import dev.detach.CancellationCause;
import dev.detach.agent.container.ContainerRequests;
import dev.detach.agent.runtime.AgentLog;
import dev.detach.agent.runtime.RequestOrigin;

/**
 * Internal: what the advice woven into Undertow calls. An exchange is the request: its dispatches and its
 * end, translated into the container-neutral steps of {@link ContainerRequests}.
 */
public final class UndertowRequests {

  private UndertowRequests() {}

  /** The exchange is dispatched (on the IO thread, a worker, or for an async dispatch). */
  public static Object dispatchStarted(Object exchange) {
    UndertowExchangeReader reader = UndertowExchangeReader.of(exchange);
    // Undertow makes a new exchange for every request: no earlier generation to end.
    return ContainerRequests.dispatchStarted(exchange, exchange, reader, false, true);
  }

  /** Undertow ends an exchange: one whose connection closed under it lost its client. */
  public static void completed(Object exchange) {
    try {
      UndertowExchangeReader reader = UndertowExchangeReader.of(exchange);
      if (reader != null && reader.connectionClosed(exchange)) {
        ContainerRequests.noteCause(exchange, CancellationCause.CLIENT_DISCONNECTED, null);
      }
    } catch (Throwable t) {
      AgentLog.fault("Undertow completion", t);
    }
    ContainerRequests.completed(exchange);
  }

  /**
   * Undertow made the servlet request or response object for {@code exchange}: one of the objects the
   * application holds for the request.
   */
  public static void servletObjectCreated(Object exchange, Object servletObject) {
    RequestOrigin origin = ContainerRequests.liveOrigin(exchange);
    if (origin != null) {
      origin.addObject(servletObject);
    }
  }
}
