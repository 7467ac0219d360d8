package dev.detach;

/**
 * Why a {@link RequestScope} was cancelled.
 */
public enum CancellationCause {
  /** The container finished the request: the response is complete (or the async cycle ended). */
  REQUEST_COMPLETED,
  /** The container reported that the client went away before the response was complete. */
  CLIENT_DISCONNECTED,
  /** The scope's deadline passed: a configured request deadline, {@code detach.timeout}, or {@link RequestScope#withTimeout}. */
  DEADLINE_EXCEEDED,
  /** Code cancelled the scope through {@link CancellableScope#cancel}. */
  CANCELLED
}
