package dev.detach;

/**
 * Thrown by {@link RequestScope#throwIfCancelled()}: the work's scope was cancelled, Go's
 * {@code ctx.Err()} as an exception.
 */
public final class RequestCancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient CancellationCause cause;

  RequestCancelledException(CancellationCause cause, Throwable detail) {
    super("request scope cancelled: " + cause, detail);
    this.cause = cause;
  }

  /** Why the scope was cancelled. */
  public CancellationCause cancellationCause() {
    return cause;
  }
}
