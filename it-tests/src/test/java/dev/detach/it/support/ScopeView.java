package dev.detach.it.support;

import dev.detach.CancellationCause;
import dev.detach.RequestScope;

/**
 * What one thread saw as its current scope at one moment: the scope object and what it answered then (the
 * answers are copied because a scope's cancellation state changes later).
 */
public record ScopeView(
    String thread,
    RequestScope scope,
    String requestId,
    Integer task,
    boolean detached,
    boolean cancelled,
    CancellationCause cause) {

  /** The current thread's scope, as seen now. */
  public static ScopeView current() {
    return of(RequestScope.current());
  }

  /** What {@code s} answers now, seen from the current thread. */
  public static ScopeView of(RequestScope s) {
    return new ScopeView(Thread.currentThread().getName(), s, s.get(Scopes.REQUEST_ID), s.get(Scopes.TASK),
        s.isDetached(), s.isCancelled(), s.cancellationCause());
  }

  /** True when the thread had no scope: {@code RequestScope.current() == RequestScope.ROOT}. */
  public boolean isRoot() {
    return scope == RequestScope.ROOT;
  }

  @Override
  public String toString() {
    if (isRoot()) {
      return "ROOT on " + thread;
    }
    return "{request-id=" + requestId + (task == null ? "" : ", task=" + task)
        + (detached ? ", detached" : ", not detached")
        + (cancelled ? ", cancelled " + cause : ", not cancelled") + "} on " + thread;
  }
}
