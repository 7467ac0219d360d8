package dev.detach.agent.container;

import dev.detach.CancellableScope;
import dev.detach.CancellationCause;
import dev.detach.RequestInfo;
import dev.detach.RequestScope;
import dev.detach.agent.config.AgentConfig;
import dev.detach.agent.runtime.AgentLog;
import dev.detach.agent.runtime.RequestOrigin;
import dev.detach.agent.runtime.ScopeStorage;
import dev.detach.agent.runtime.WeakIdentityTable;
import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  /** A live generation by its RequestInfo, which every scope carried from the request shares. */
  private static final WeakIdentityTable<Generation> BY_INFO = new WeakIdentityTable<>();

  // Until configure (the agent calls it before it weaves anything): the configuration's defaults.
  private static volatile List<String> idHeaders = AgentConfig.defaults().requestIdHeaders();
  private static volatile List<String> capturedHeaders = AgentConfig.defaults().requestHeaders();
  private static volatile long deadlineNanos = AgentConfig.defaults().requestDeadline().toNanos();
  private static volatile boolean copyRequests = AgentConfig.defaults().requestCopy();
  private static volatile long copyMaxBytes = AgentConfig.defaults().requestCopyMaxBytes();

  private ContainerRequests() {}

  /** Installs the configuration; called once at start-up. */
  public static void configure(List<String> requestIdHeaders, List<String> headers, Duration requestDeadline,
      boolean copy, long copyBound) {
    idHeaders = List.copyOf(requestIdHeaders);
    capturedHeaders = List.copyOf(headers);
    deadlineNanos = requestDeadline.toNanos();
    copyRequests = copy;
    copyMaxBytes = copyBound;
    RequestOrigin.onFirstTask(ContainerRequests::firstDetachedTask);
  }

  /** A request handed its first detached task off: during its dispatch, note what the dispatch sets. */
  private static void firstDetachedTask(RequestOrigin origin) {
    Generation current = currentGeneration();
    if (copyRequests && current != null && current.origin == origin) {
      RequestCopy.noteDispatch(origin);
    }
  }

  /** The request whose dispatch runs on this thread, or null outside one. */
  private static Generation currentGeneration() {
    Object current = ScopeStorage.currentRequest();
    return current instanceof Generation ? (Generation) current : null;
  }

  /** One request: its scope, the cancellable root of that scope, and a cause noted before completion. */
  static final class Generation {
    final CancellableScope lifetime;
    final RequestScope scope;
    final RequestInfo info;
    final Object request;
    final RequestReader reader;
    /** What the request's detached tasks know of it: its objects, and the copy taken at completion. */
    final RequestOrigin origin = new RequestOrigin();
    volatile CancellationCause cause;
    volatile Throwable detail;

    Generation(CancellableScope lifetime, RequestScope scope, RequestInfo info, Object request,
        RequestReader reader) {
      this.lifetime = lifetime;
      this.scope = scope;
      this.info = info;
      this.request = request;
      this.reader = reader;
      if (reader instanceof ServletRequestReader) {
        origin.addObject(request);
      }
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
    ServletRequestReader reader = ServletRequestReader.of(servletRequest);
    return dispatchStarted(key, servletRequest, reader.canRead() ? reader : null, initial, true);
  }

  /**
   * As {@link #dispatchStarted(Object, Object, boolean)}, for a request read by {@code reader} (null:
   * a request Detach cannot read, which still gets a scope with a generated id).
   */
  public static Object dispatchStarted(Object key, Object request, RequestReader reader, boolean initial,
      boolean open) {
    try {
      Generation g = LIVE.get(key);
      if (g != null && initial) {
        end(key, g, CancellationCause.REQUEST_COMPLETED, null);
        g = null;
      }
      if (g == null) {
        if (!open) {
          return null; // a re-dispatch hook outside a live request: nothing to continue
        }
        Generation opened = open(request, reader);
        g = LIVE.putIfAbsent(key, opened);
        if (g == null) {
          g = opened;
          BY_INFO.putIfAbsent(g.info, g);
          if (reader instanceof CompletionSource) {
            ((CompletionSource) reader).onCompletion(request, key);
          }
        }
      }
      return ScopeStorage.beginDispatch(g.scope, g, g.origin);
    } catch (Throwable t) {
      AgentLog.fault("request dispatch", t);
      return null;
    }
  }

  /** The request whose dispatch runs on this thread, as its detached tasks know it; null outside one. */
  public static RequestOrigin currentDispatchOrigin() {
    Generation current = currentGeneration();
    return current == null ? null : current.origin;
  }

  /** The live request behind {@code key}, as its detached tasks know it; null when none is live. */
  public static RequestOrigin liveOrigin(Object key) {
    Generation g = LIVE.get(key);
    return g == null ? null : g.origin;
  }

  /**
   * The container is about to clear the objects of the request behind {@code key} before its completion
   * (Jetty 12's servlet flavours recycle their request and response first): its detached tasks get their
   * copy now. The scope ends at {@link #completed} as usual.
   */
  public static void finishBeforeCompletion(Object key) {
    Generation g = LIVE.get(key);
    if (g != null) {
      finish(g.origin, g.request);
    }
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

  /**
   * Like {@link #noteCause}, for the request this thread works for: the one whose dispatch runs here,
   * else the one whose scope this thread carries (an async response written from another thread).
   */
  public static void noteCauseOnThisThread(CancellationCause cause, Throwable detail) {
    Generation g = currentGeneration();
    if (g == null) {
      RequestInfo info = RequestInfo.current();
      g = info == null ? null : BY_INFO.get(info);
    }
    if (g != null && g.cause == null) {
      g.detail = detail;
      g.cause = cause;
    }
  }

  /** An async cycle failed with {@code error}: an I/O error is the client going away. */
  public static void asyncFailed(Object key, Throwable error) {
    if (error instanceof java.io.IOException) {
      noteCause(key, CancellationCause.CLIENT_DISCONNECTED, error);
    }
  }

  private static void end(Object key, Generation g, CancellationCause fallback, Throwable fallbackDetail) {
    if (!LIVE.remove(key, g)) {
      return; // another thread ended it
    }
    BY_INFO.remove(g.info, g);
    finish(g.origin, g.request);
    Principal principal = null;
    try {
      if (g.reader != null) {
        principal = g.reader.principal(g.request);
      }
    } catch (Throwable t) {
      // The principal is a nicety at this point; the cancellation is what matters.
    }
    g.info.completed(principal);
    CancellationCause cause = g.cause;
    g.lifetime.cancel(cause != null ? cause : fallback, cause != null ? g.detail : fallbackDetail);
  }

  /**
   * How long a completion waits for a detached task's read of the live request to end. Such a read takes
   * microseconds, unless it reads a request body the client still sends.
   */
  private static final long LIVE_READ_WAIT_MILLIS = 5_000;

  /**
   * The request's objects are about to be cleared by the container: when a detached task may still read
   * them, copy the request now; from here on its objects answer detached tasks from the copy, and its
   * response refuses them. Runs with the request's live-read gate held, so that no detached task reads the
   * live objects while the copy is taken (both would fill the container's lazily parsed values at once),
   * and every read that waited for the gate answers from the copy.
   */
  private static void finish(RequestOrigin origin, Object request) {
    if (origin.completion() != null) {
      return; // finished earlier in the container's completion (Jetty 12 servlet channels)
    }
    boolean gated = origin.beginCompletion(LIVE_READ_WAIT_MILLIS);
    try {
      if (origin.completion() != null) {
        return;
      }
      RequestCopy copy = RequestCopy.NOT_TAKEN;
      try {
        ApplicationObjects.addTwins(origin, request);
        if (copyRequests && origin.hasOutstandingTasks()) {
          copy = RequestCopy.take(origin, copyMaxBytes);
        }
      } catch (Throwable t) {
        AgentLog.fault("request copy", t);
      }
      origin.complete(copy);
    } finally {
      origin.endCompletion(gated);
    }
  }

  private static Generation open(Object request, RequestReader reader) throws Throwable {
    RequestInfo info;
    if (reader != null) {
      Map<String, String> headers = null; // none kept unless request.headers names some
      for (String name : capturedHeaders) {
        String value = reader.header(request, name);
        if (value != null) {
          if (headers == null) {
            headers = new LinkedHashMap<>();
          }
          headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
        }
      }
      info = new RequestInfo(requestId(reader, request), reader.method(request), reader.uri(request),
          reader.query(request), reader.remoteAddress(request), headers, () -> livePrincipal(reader, request));
    } else {
      info = new RequestInfo(null, null, null, null, null, Map.of(), null);
    }
    CancellableScope lifetime = RequestScope.ROOT.withValue(RequestInfo.KEY, info).withCancellation();
    RequestScope scope = deadlineNanos > 0 ? lifetime.withTimeout(Duration.ofNanos(deadlineNanos)) : lifetime;
    return new Generation(lifetime, scope, info, request, reader);
  }

  private static Principal livePrincipal(RequestReader reader, Object request) {
    try {
      return reader.principal(request);
    } catch (Throwable t) {
      return null;
    }
  }

  /** A reader whose container tells completion by a callback, registered when a request's scope opens. */
  public interface CompletionSource {
    void onCompletion(Object request, Object key) throws Throwable;
  }

  /** A container's completion callback: the request ended, normally or by {@code failure}. */
  public static void completedWith(Object key, Throwable failure) {
    if (failure != null) {
      noteCause(key, failure instanceof java.io.IOException
          ? CancellationCause.CLIENT_DISCONNECTED : CancellationCause.REQUEST_COMPLETED, failure);
    }
    completed(key);
  }

  /** The id the request names in one of {@code request.id.headers}; null: RequestInfo generates one if asked. */
  private static String requestId(RequestReader reader, Object request) throws Throwable {
    for (String name : idHeaders) {
      String value = reader.header(request, name);
      if (value != null && !value.isEmpty()) {
        return name.equalsIgnoreCase("traceparent") ? traceId(value) : value;
      }
    }
    return null;
  }

  /** W3C trace context: {@code version-traceid-parentid-flags}; the trace id names the request. */
  private static String traceId(String traceparent) {
    String[] parts = traceparent.split("-");
    return parts.length >= 2 ? parts[1] : traceparent;
  }
}
