package dev.detach.it.servlets;

import dev.detach.RequestInfo;
import dev.detach.it.containers.HandOff;
import dev.detach.it.containers.Observations.Observation;
import dev.detach.it.containers.Protocol;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.Filter;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The servlets of the {@link Protocol} paths and the filter every line maps in front of them.
 * Written against javax.servlet; servlets-jakarta compiles this source with jakarta.servlet.
 */
public final class TestServlets {

  private TestServlets() {}

  /** Fresh servlet instances by path; every one supports async. */
  public static Map<String, HttpServlet> byPath() {
    Map<String, HttpServlet> m = new LinkedHashMap<>();
    m.put(Protocol.SYNC, new SyncServlet());
    m.put(Protocol.ASYNC, new AsyncServlet());
    m.put(Protocol.REDISPATCH, new RedispatchServlet());
    m.put(Protocol.TIMEOUT, new TimeoutServlet());
    m.put(Protocol.STREAM, new StreamServlet());
    m.put(Protocol.STREAM_ASYNC, new StreamAsyncServlet());
    m.put(Protocol.SLOW, new SlowServlet());
    m.put(dev.detach.it.containers.RequestCopyContract.PATH, new CopyServlet());
    m.put(Protocol.READ_LATER, new ReadLaterServlet());
    m.put(Protocol.WRITE_LATER, new WriteLaterServlet());
    m.put(Protocol.UNSERVABLE_LATER, new UnservableLaterServlet());
    m.put(Protocol.LIVE_READ_RACE, new LiveReadRaceServlet());
    m.put(Protocol.OTHER_AGENTS, new OtherAgentsServlet());
    m.put(Protocol.ORDINARY + "/*", new OrdinaryReadsServlet());
    m.put(Protocol.ORDINARY_SECURED, new OrdinaryReadsServlet());
    return m;
  }

  /** The servlet name for a {@link #byPath()} mapping: "sync", "secured-read-later", "ordinary". */
  public static String name(String mapping) {
    return mapping.substring(1).replace("/*", "").replace('/', '-');
  }

  /** The URL pattern the lines' security constrains (BASIC, role {@link Protocol#ROLE}). */
  public static String securedPattern() {
    return Protocol.SECURED + "/*";
  }

  /** The filter every line maps to /* for REQUEST dispatches. */
  public static Filter filter() {
    return new ScopeFilter();
  }

  /** The observation key of a request. */
  static String key(HttpServletRequest req) {
    return Protocol.key(req.getHeader(Protocol.REQUEST_ID), req.getHeader(Protocol.TEST_KEY));
  }

  /**
   * The hand-offs a request asks for: {@code ?handoff=NAME}, else all this JVM has. Read from the raw query
   * so that the request thread does not parse the parameters the detached tasks read later.
   */
  static List<HandOff> handOffs(HttpServletRequest req) {
    String one = Protocol.queryParam(req.getQueryString(), "handoff");
    return one == null ? HandOff.available() : List.of(HandOff.fromParameter(one));
  }

  /**
   * Sleeps the milliseconds the query parameter {@code name} asks for ({@code ?sleep=MS}, {@code ?hold=MS}: a
   * burst of requests then overlaps); whether it asked.
   */
  static boolean sleepIfAsked(HttpServletRequest req, String name) {
    String ms = Protocol.queryParam(req.getQueryString(), name);
    if (ms == null) {
      return false;
    }
    try {
      Thread.sleep(Long.parseLong(ms));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  /** The request id current on this thread, or "-". */
  static String currentId() {
    RequestInfo info = RequestInfo.current();
    return info == null ? "-" : info.id();
  }

  /** Answers 200 "id=ID" with a Content-Length (so a kept-alive connection can be reused). */
  static void answer(HttpServletResponse resp, String id) throws IOException {
    byte[] body = Protocol.body(id);
    resp.setStatus(200);
    resp.setContentType("text/plain");
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }

  /** Records the container's async events. */
  static AsyncListener recorder(Observation o) {
    return new AsyncListener() {
      @Override
      public void onComplete(AsyncEvent event) {
        o.event("onComplete");
      }

      @Override
      public void onTimeout(AsyncEvent event) {
        o.event("onTimeout");
      }

      @Override
      public void onError(AsyncEvent event) {
        o.event("onError: " + event.getThrowable());
      }

      @Override
      public void onStartAsync(AsyncEvent event) {
        o.event("onStartAsync");
      }
    };
  }
}
