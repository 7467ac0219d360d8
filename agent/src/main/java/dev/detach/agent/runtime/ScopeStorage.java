package dev.detach.agent.runtime;

import dev.detach.RequestScope;

/**
 * Internal: the thread-local behind {@link RequestScope#current()}. Not an API.
 *
 * <p>A thread started from a scoped thread gets its scope when it first reads this thread-local: the
 * scope was registered for the {@code Thread} object at {@code Thread.start}, and the initial value
 * claims it. That covers every {@code Thread} subclass and virtual threads without advising their
 * {@code run()} methods.
 */
public final class ScopeStorage {

  static final ThreadLocal<ThreadState> STATE = new ThreadLocal<ThreadState>() {
    @Override
    protected ThreadState initialValue() {
      return Handoffs.claimThreadStart(Thread.currentThread());
    }
  };

  private ScopeStorage() {}

  /** The current scope, or null when there is none. */
  public static RequestScope current() {
    ThreadState s = STATE.get();
    return s == null ? null : s.scope;
  }

  /** Makes {@code scope} (null: none) current and returns the scope it replaced. */
  public static RequestScope attach(RequestScope scope) {
    ThreadState s = STATE.get();
    if (s == null) {
      if (scope == null) {
        return null;
      }
      s = new ThreadState();
      STATE.set(s);
    }
    RequestScope previous = s.scope;
    s.scope = scope;
    return previous;
  }

  /** Puts back what {@link #attach} returned. */
  public static void restore(RequestScope previous) {
    ThreadState s = STATE.get();
    if (s != null) {
      s.scope = previous;
      s.lastOneShot = null;
    } else if (previous != null) {
      attach(previous);
    }
  }

  /** The container request whose dispatch runs on this thread, or null. */
  public static Object currentRequest() {
    ThreadState s = STATE.get();
    return s == null ? null : s.request;
  }

  /**
   * Makes {@code scope} current for the dispatch of {@code request} (served for {@code origin}); returns
   * what to give {@link #endDispatch}.
   */
  public static Object beginDispatch(RequestScope scope, Object request, RequestOrigin origin) {
    ThreadState s = stateForWrite();
    Object[] previous = {s.scope, s.request, s.origin, s.detachedFrom, s.overlay};
    s.scope = scope;
    s.request = request;
    s.origin = origin;
    s.detachedFrom = null;
    s.overlay = null;
    return previous;
  }

  public static void endDispatch(Object token) {
    Object[] previous = (Object[]) token;
    ThreadState s = stateForWrite();
    s.scope = (RequestScope) previous[0];
    s.request = previous[1];
    s.origin = (RequestOrigin) previous[2];
    s.detachedFrom = (RequestOrigin) previous[3];
    s.overlay = previous[4];
    s.lastOneShot = null; // it holds this request's scope: not kept on a pooled thread
  }

  /**
   * The request whose copy answers this thread's reads of its objects once it completed: set only while
   * a detached task runs. The one thread-local read request-object advice pays on every call.
   */
  public static RequestOrigin detachedFrom() {
    ThreadState s = STATE.get();
    return s == null ? null : s.detachedFrom;
  }

  /** The request this thread works for (its dispatch, or the one its running task came from), or null. */
  public static RequestOrigin origin() {
    ThreadState s = STATE.get();
    return s == null ? null : s.origin;
  }

  /**
   * Container code is about to run on this thread (an {@code AsyncContext.complete()} that completes the
   * request right here): until {@link #resumeDetachedReads}, request objects are read as they are.
   * Returns what to give that method (null: nothing was suspended).
   */
  public static RequestOrigin suspendDetachedReads() {
    ThreadState s = STATE.get();
    if (s == null || s.detachedFrom == null) {
      return null;
    }
    RequestOrigin suspended = s.detachedFrom;
    s.detachedFrom = null;
    return suspended;
  }

  public static void resumeDetachedReads(Object suspended) {
    if (suspended != null) {
      stateForWrite().detachedFrom = (RequestOrigin) suspended;
    }
  }

  /** The running task's own attribute changes on completed requests (opaque here), or null. */
  public static Object overlay() {
    ThreadState s = STATE.get();
    return s == null ? null : s.overlay;
  }

  /** Sets {@link #overlay()} for the rest of the running task; the run's end drops it. */
  public static void setOverlay(Object overlay) {
    stateForWrite().overlay = overlay;
  }

  static ThreadState stateForWrite() {
    ThreadState s = STATE.get();
    if (s == null) {
      s = new ThreadState();
      STATE.set(s);
    }
    return s;
  }
}
