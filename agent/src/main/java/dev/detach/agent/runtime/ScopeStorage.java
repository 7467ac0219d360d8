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
    } else if (previous != null) {
      attach(previous);
    }
  }

  /** The container request whose dispatch runs on this thread, or null. */
  public static Object currentRequest() {
    ThreadState s = STATE.get();
    return s == null ? null : s.request;
  }

  /** Makes {@code scope} current for the dispatch of {@code request}; returns what to give {@link #endDispatch}. */
  public static Object beginDispatch(RequestScope scope, Object request) {
    ThreadState s = stateForWrite();
    Object[] previous = {s.scope, s.request};
    s.scope = scope;
    s.request = request;
    return previous;
  }

  public static void endDispatch(Object token) {
    Object[] previous = (Object[]) token;
    ThreadState s = stateForWrite();
    s.scope = (RequestScope) previous[0];
    s.request = previous[1];
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
