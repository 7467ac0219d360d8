package dev.detach.it.undertow23;

import dev.detach.RequestInfo;
import dev.detach.it.containers.HandOff;
import dev.detach.it.containers.Observations;
import dev.detach.it.containers.Observations.Observation;
import dev.detach.it.containers.Protocol;
import dev.detach.it.containers.TaskReport;
import io.undertow.security.api.SecurityContext;
import io.undertow.security.idm.Account;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.concurrent.Executor;

/**
 * The {@link Protocol} paths as Undertow core handlers. The handler is first called on an I/O thread;
 * blocking paths dispatch to the request executor (the XNIO worker, or virtual threads), and
 * "re-dispatch" is {@code exchange.dispatch(...)} from the I/O thread to that executor. Undertow core
 * has no filters and no async timeout. {@link Protocol#READ_LATER} reads the {@code HttpServerExchange} from
 * detached tasks; its "attribute" is an exchange attachment, its principal comes from the security handlers
 * in front (see {@link UndertowCoreServer}).
 */
final class CoreHandler implements HttpHandler {

  private static final HttpString REQUEST_ID = new HttpString(Protocol.REQUEST_ID);
  private static final HttpString TEST_KEY = new HttpString(Protocol.TEST_KEY);
  private static final AttachmentKey<String> OWN_ATTACHMENT = AttachmentKey.create(String.class);

  /** Where blocking work runs: null for the XNIO worker, else (virtual threads) this executor. */
  private final Executor requestExecutor;

  CoreHandler(Executor requestExecutor) {
    this.requestExecutor = requestExecutor;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String key = Protocol.key(exchange.getRequestHeaders().getFirst(REQUEST_ID),
        exchange.getRequestHeaders().getFirst(TEST_KEY));
    switch (exchange.getRequestPath()) {
      case Protocol.SYNC: {
        if (exchange.isInIoThread()) {
          dispatch(exchange);
          return;
        }
        Observations.dispatch(key, Protocol.PHASE_HANDLER);
        String sleep = Protocol.queryParam(exchange.getQueryString(), "sleep");
        if (sleep != null) {
          Thread.sleep(Long.parseLong(sleep));
          Observations.dispatch(key, Protocol.PHASE_HANDLER_AGAIN);
        }
        answer(exchange, currentId());
        return;
      }
      case Protocol.REDISPATCH: {
        if (exchange.isInIoThread()) {
          Observation o = Observations.dispatch(key, Protocol.PHASE_HANDLER);
          dispatch(exchange);
          o.dispatchReturned();
          return;
        }
        Observations.dispatch(key, Protocol.PHASE_REDISPATCH);
        answer(exchange, currentId());
        return;
      }
      case Protocol.ASYNC: {
        Observation o = Observations.dispatch(key, Protocol.PHASE_HANDLER);
        exchange.getConnection().addCloseListener(connection -> {
          if (!exchange.isResponseComplete()) {
            o.event("abort (connection closed before the response completed)");
          }
        });
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> Observations.BACKGROUND.execute(() -> {
          if (!o.awaitRelease()) {
            o.event("never released");
          }
          o.beforeComplete();
          answer(exchange, o.seenId());
        }));
        o.dispatchReturned();
        return;
      }
      case Protocol.STREAM: {
        if (exchange.isInIoThread()) {
          dispatch(exchange);
          return;
        }
        Observation o = Observations.dispatch(key, Protocol.PHASE_HANDLER);
        stream(o, exchange);
        return;
      }
      case Protocol.STREAM_ASYNC: {
        Observation o = Observations.dispatch(key, Protocol.PHASE_HANDLER);
        exchange.dispatch(SameThreadExecutor.INSTANCE,
            () -> Observations.BACKGROUND.execute(() -> stream(o, exchange)));
        o.dispatchReturned();
        return;
      }
      case Protocol.READ_LATER: {
        exchange.putAttachment(OWN_ATTACHMENT, key);
        // Undertow parses cookies lazily and not thread-safely: five tasks reading them first, at once,
        // raced on the parse (1 null in 1000 reads). Parsed here, as a handler that reads them would.
        exchange.getRequestCookie(Protocol.OWN_COOKIE);
        for (HandOff handOff : HandOff.available()) {
          handOff.start(key, report -> readOwnValues(exchange, report));
        }
        answer(exchange, key);
        return;
      }
      default:
        exchange.setStatusCode(404);
        exchange.endExchange();
    }
  }

  private static void readOwnValues(HttpServerExchange exchange, TaskReport report) {
    report.use("header", () -> exchange.getRequestHeaders().getFirst(Protocol.OWN_HEADER));
    report.use("parameter", () -> {
      Deque<String> values = exchange.getQueryParameters().get(Protocol.OWN_PARAM);
      return values == null ? null : values.peekFirst();
    });
    report.use("attribute", () -> exchange.getAttachment(OWN_ATTACHMENT));
    report.use("cookie", () -> {
      Cookie c = exchange.getRequestCookie(Protocol.OWN_COOKIE);
      return c == null ? null : c.getValue();
    });
    report.use("principal", () -> {
      SecurityContext security = exchange.getSecurityContext();
      Account account = security == null ? null : security.getAuthenticatedAccount();
      return account == null ? null : account.getPrincipal().getName();
    });
  }

  private void dispatch(HttpServerExchange exchange) {
    if (requestExecutor == null) {
      exchange.dispatch(this);
    } else {
      exchange.dispatch(requestExecutor, this);
    }
  }

  private static void stream(Observation o, HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/octet-stream");
    exchange.startBlocking();
    OutputStream out = exchange.getOutputStream();
    Observations.streamUntilWriteFails(o, chunk -> {
      out.write(chunk);
      out.flush();
    });
    exchange.endExchange();
  }

  private static String currentId() {
    RequestInfo info = RequestInfo.current();
    return info == null ? "-" : info.id();
  }

  private static void answer(HttpServerExchange exchange, String id) {
    byte[] body = Protocol.body(id);
    exchange.setStatusCode(200);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }
}
