package dev.detach.agent.container;

import dev.detach.CancellableScope;
import dev.detach.CancellationCause;
import dev.detach.RequestInfo;
import dev.detach.RequestScope;
import dev.detach.agent.runtime.AgentLog;
import dev.detach.agent.runtime.ScopeStorage;
import dev.detach.agent.runtime.WeakIdentityTable;
import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Internal: the request scopes of the requests containers are serving. Not an API.
 *
 * <p>Containers reuse their request objects for later requests, so a request is a <em>generation</em>
 * of its container object: opened by the first dispatch, continued by async re-dispatches, ended by the
 * completion hook, after which the same object starts a new generation. The container integrations call
 * {@link #dispatchStarted} / {@link #dispatchEnded} around each dispatch and {@link #completed} once.
 */
public final class ContainerRequests {

  /** The container object of a request (the key) to its live generation. */
  private static final WeakIdentityTable<Generation> LIVE = new WeakIdentityTable<>();
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final String ID_PREFIX = Long.toString(System.currentTimeMillis(), 36) + "-";

  private static volatile List<String> idHeaders = List.of("X-Request-Id");
  private static volatile List<String> capturedHeaders = List.of();
  private static volatile long deadlineNanos;

  private ContainerRequests() {}

  /** Installs the configuration; called once at start-up. */
  public static void configure(List<String> requestIdHeaders, List<String> headers, Duration requestDeadline) {
    idHeaders = List.copyOf(requestIdHeaders);
    capturedHeaders = List.copyOf(headers);
    deadlineNanos = requestDeadline.toNanos();
  }

  /** One request: its scope, the cancellable root of that scope, and a cause noted before completion. */
  static final class Generation {
    final CancellableScope lifetime;
    final RequestScope scope;
    final RequestInfo info;
    final Object servletRequest;
    volatile CancellationCause cause;
    volatile Throwable detail;

    Generation(CancellableScope lifetime, RequestScope scope, RequestInfo info, Object servletRequest) {
      this.lifetime = lifetime;
      this.scope = scope;
      this.info = info;
      this.servletRequest = servletRequest;
    }
  }

  /**
   * A container dispatches {@code servletRequest} (identified by {@code key}) into the application.
   * Opens the request's scope, or continues it for an async re-dispatch, and makes it current on this
   * thread. Returns a token for {@link #dispatchEnded}.
   *
   * @param initial true for the first dispatch of a request: a generation still live for the key then
   *     belongs to an earlier request whose completion was missed, and is ended now
   */
  public static Object dispatchStarted(Object key, Object servletRequest, boolean initial) {
    try {
      Generation g = LIVE.get(key);
      if (g != null && initial) {
        end(key, g, CancellationCause.REQUEST_COMPLETED, null);
        g = null;
      }
      if (g == null) {
        Generation opened = open(servletRequest);
        g = LIVE.putIfAbsent(key, opened);
        if (g == null) {
          g = opened;
        }
      }
      return ScopeStorage.beginDispatch(g.scope, g);
    } catch (Throwable t) {
      AgentLog.fault("request dispatch", t);
      return null;
    }
  }

  /**
   * A servlet container dispatches {@code servletRequest}: the first dispatch of a request has dispatcher
   * type {@code REQUEST}; async and error re-dispatches continue the request's scope.
   */
  public static Object servletDispatchStarted(Object key, Object servletRequest) {
    boolean initial;
    try {
      initial = "REQUEST".equals(ServletRequestReader.of(servletRequest).dispatcherType(servletRequest));
    } catch (Throwable t) {
      initial = false;
    }
    return dispatchStarted(key, servletRequest, initial);
  }

  /** The dispatch returned: the thread's previous scope is back (the request itself may go on, async). */
  public static void dispatchEnded(Object token) {
    if (token != null) {
      ScopeStorage.endDispatch(token);
    }
  }

  /**
   * The container completed the request behind {@code key} (its response is complete, or its async
   * cycle ended), before it clears the request object. Cancels the scope once, with the cause noted
   * earlier ({@link #noteCause}) or {@code REQUEST_COMPLETED}.
   */
  public static void completed(Object key) {
    try {
      Generation g = LIVE.get(key);
      if (g != null) {
        end(key, g, CancellationCause.REQUEST_COMPLETED, null);
      }
    } catch (Throwable t) {
      AgentLog.fault("request completion", t);
    }
  }

  /** Notes why the request behind {@code key} will end (async timeout, client gone); the first note wins. */
  public static void noteCause(Object key, CancellationCause cause, Throwable detail) {
    Generation g = LIVE.get(key);
    if (g != null && g.cause == null) {
      g.detail = detail;
      g.cause = cause;
    }
  }

  /** Like {@link #noteCause}, for the request whose dispatch runs on this thread. */
  public static void noteCauseOnThisThread(CancellationCause cause, Throwable detail) {
    Object current = ScopeStorage.currentRequest();
    if (current instanceof Generation) {
      Generation g = (Generation) current;
      if (g.cause == null) {
        g.detail = detail;
        g.cause = cause;
      }
    }
  }

  private static void end(Object key, Generation g, CancellationCause fallback, Throwable fallbackDetail) {
    if (!LIVE.remove(key, g)) {
      return; // another thread ended it
    }
    Principal principal = null;
    try {
      ServletRequestReader reader = ServletRequestReader.of(g.servletRequest);
      if (reader.canRead()) {
        principal = reader.userPrincipal(g.servletRequest);
      }
    } catch (Throwable t) {
      // The principal is a nicety at this point; the cancellation is what matters.
    }
    g.info.completed(principal);
    CancellationCause cause = g.cause;
    g.lifetime.cancel(cause != null ? cause : fallback, cause != null ? g.detail : fallbackDetail);
  }

  private static Generation open(Object servletRequest) throws Throwable {
    ServletRequestReader reader = ServletRequestReader.of(servletRequest);
    RequestInfo info;
    if (reader.canRead()) {
      Map<String, String> headers = new LinkedHashMap<>();
      for (String name : capturedHeaders) {
        String value = reader.header(servletRequest, name);
        if (value != null) {
          headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
        }
      }
      info = new RequestInfo(requestId(reader, servletRequest), reader.method(servletRequest),
          reader.requestUri(servletRequest), reader.queryString(servletRequest),
          reader.remoteAddr(servletRequest), headers, () -> livePrincipal(reader, servletRequest));
    } else {
      info = new RequestInfo(generatedId(), null, null, null, null, Map.of(), null);
    }
    CancellableScope lifetime = RequestScope.ROOT.withValue(RequestInfo.KEY, info).withCancellation();
    RequestScope scope = deadlineNanos > 0 ? lifetime.withTimeout(Duration.ofNanos(deadlineNanos)) : lifetime;
    return new Generation(lifetime, scope, info, servletRequest);
  }

  private static Principal livePrincipal(ServletRequestReader reader, Object servletRequest) {
    try {
      return reader.userPrincipal(servletRequest);
    } catch (Throwable t) {
      return null;
    }
  }

  private static String requestId(ServletRequestReader reader, Object request) throws Throwable {
    for (String name : idHeaders) {
      String value = reader.header(request, name);
      if (value != null && !value.isEmpty()) {
        return name.equalsIgnoreCase("traceparent") ? traceId(value) : value;
      }
    }
    return generatedId();
  }

  /** W3C trace context: {@code version-traceid-parentid-flags}; the trace id names the request. */
  private static String traceId(String traceparent) {
    String[] parts = traceparent.split("-");
    return parts.length >= 2 ? parts[1] : traceparent;
  }

  private static String generatedId() {
    return ID_PREFIX + Long.toString(SEQUENCE.incrementAndGet(), 36);
  }
}
