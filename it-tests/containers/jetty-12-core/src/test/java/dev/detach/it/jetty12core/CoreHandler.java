package dev.detach.it.jetty12core;

import dev.detach.RequestInfo;
import dev.detach.it.containers.HandOff;
import dev.detach.it.containers.Observations;
import dev.detach.it.containers.Observations.Observation;
import dev.detach.it.containers.Protocol;
import dev.detach.it.containers.TaskReport;
import java.nio.ByteBuffer;
import java.security.Principal;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.security.AuthenticationState;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * The {@link Protocol} paths as a Jetty 12 core handler. Core has no filters, no re-dispatch and no async
 * timeout: "async" is a handler that returns true and completes the callback later from another thread.
 * {@link Protocol#READ_LATER} reads the core {@code Request} from detached tasks (its principal comes from the
 * {@code SecurityHandler} in front, see {@link JettyCoreServer}).
 */
final class CoreHandler extends Handler.Abstract {

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    HttpFields headers = request.getHeaders();
    String key = Protocol.key(headers.get(Protocol.REQUEST_ID), headers.get(Protocol.TEST_KEY));
    String path = Request.getPathInContext(request);
    switch (path) {
      case Protocol.SYNC: {
        Observations.dispatch(key, Protocol.PHASE_HANDLER);
        String sleep = Protocol.queryParam(request.getHttpURI().getQuery(), "sleep");
        if (sleep != null) {
          Thread.sleep(Long.parseLong(sleep));
          Observations.dispatch(key, Protocol.PHASE_HANDLER_AGAIN);
        }
        answer(response, callback, currentId());
        return true;
      }
      case Protocol.ASYNC: {
        Observation o = Observations.dispatch(key, Protocol.PHASE_HANDLER);
        request.addFailureListener(failure -> o.event("abort (failure listener): " + failure));
        Observations.BACKGROUND.execute(() -> {
          if (!o.awaitRelease()) {
            o.event("never released");
          }
          o.beforeComplete();
          answer(response, callback, o.seenId());
        });
        o.dispatchReturned();
        return true;
      }
      case Protocol.STREAM: {
        Observation o = Observations.dispatch(key, Protocol.PHASE_HANDLER);
        stream(o, response, callback);
        return true;
      }
      case Protocol.STREAM_ASYNC: {
        Observation o = Observations.dispatch(key, Protocol.PHASE_HANDLER);
        Observations.BACKGROUND.execute(() -> stream(o, response, callback));
        o.dispatchReturned();
        return true;
      }
      case Protocol.READ_LATER: {
        request.setAttribute(Protocol.OWN_ATTRIBUTE, key);
        if ((key.hashCode() & 1) == 0) {
          // Half the handlers read the cookies themselves first, as one that looks at a session cookie does:
          // Jetty then keeps its connection's cookie cache as this request's cookies.
          Request.getCookies(request);
        }
        for (HandOff handOff : HandOff.available()) {
          handOff.start(key, report -> readOwnValues(request, report));
        }
        answer(response, callback, key);
        return true;
      }
      default:
        return false;
    }
  }

  private static void readOwnValues(Request request, TaskReport report) {
    report.use("header", () -> request.getHeaders().get(Protocol.OWN_HEADER));
    report.use("parameter", () -> Request.extractQueryParameters(request).getValue(Protocol.OWN_PARAM));
    report.use("attribute", () -> request.getAttribute(Protocol.OWN_ATTRIBUTE));
    report.use("cookie", () -> {
      for (HttpCookie c : Request.getCookies(request)) {
        if (c.getName().equals(Protocol.OWN_COOKIE)) {
          return c.getValue();
        }
      }
      return null;
    });
    report.use("principal", () -> {
      Principal p = AuthenticationState.getUserPrincipal(request);
      return p == null ? null : p.getName();
    });
  }

  private static void stream(Observation o, Response response, Callback callback) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
    Observations.streamUntilWriteFails(o, chunk -> {
      try (Blocker.Callback written = Blocker.callback()) {
        response.write(false, ByteBuffer.wrap(chunk), written);
        written.block();
      }
    });
    if (o.writeFailure != null) {
      callback.failed(o.writeFailure);
    } else {
      response.write(true, null, callback);
    }
  }

  private static String currentId() {
    RequestInfo info = RequestInfo.current();
    return info == null ? "-" : info.id();
  }

  private static void answer(Response response, Callback callback, String id) {
    byte[] body = Protocol.body(id);
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
