package dev.detach.it.jetty12core;

import dev.detach.RequestInfo;
import dev.detach.it.containers.Observations;
import dev.detach.it.containers.Observations.Observation;
import dev.detach.it.containers.Protocol;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * The {@link Protocol} paths as a Jetty 12 core handler. Core has no filters, no re-dispatch and no async
 * timeout: "async" is a handler that returns true and completes the callback later from another thread.
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
      default:
        return false;
    }
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
