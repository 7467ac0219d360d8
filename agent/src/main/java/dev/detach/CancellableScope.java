package dev.detach;

/**
 * A scope that code can cancel, from {@link RequestScope#withCancellation()}. Cancelling it cancels the
 * scopes derived from it; it does not cancel its parent.
 *
 * <pre>{@code
 * CancellableScope job = RequestScope.current().withCancellation();
 * executor.execute(job.wrap(() -> pollUntil(job::isCancelled)));
 * ...
 * job.cancel();
 * }</pre>
 */
public final class CancellableScope extends RequestScope {

  CancellableScope(Object[] values, Lifetime lifetime, boolean detached) {
    super(values, lifetime, detached);
  }

  /** Cancels with {@link CancellationCause#CANCELLED}. Returns true when this call cancelled the scope. */
  public boolean cancel() {
    return cancel(CancellationCause.CANCELLED, null);
  }

  /**
   * Cancels this scope with {@code cause}; listeners run now, on this thread, once. Returns true when this
   * call cancelled the scope, false when it already was.
   */
  public boolean cancel(CancellationCause cause, Throwable detail) {
    if (cause == null) {
      throw new NullPointerException("cause");
    }
    return lifetime.end(cause, detail);
  }

  @Override
  public <T> CancellableScope withValue(Key<T> key, T value) {
    return (CancellableScope) super.withValue(key, value);
  }

  @Override
  RequestScope derive(Object[] newValues, Lifetime newLifetime) {
    // withValue keeps the same lifetime, so the result can still cancel it.
    return newLifetime == lifetime
        ? new CancellableScope(newValues, newLifetime, isDetached())
        : super.derive(newValues, newLifetime);
  }
}
