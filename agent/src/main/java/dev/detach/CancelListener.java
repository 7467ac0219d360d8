package dev.detach;

/**
 * Told once when a {@link RequestScope} is cancelled.
 *
 * <p>A listener runs on the thread that cancels the scope (a container thread, the deadline timer, or
 * the caller of {@link CancellableScope#cancel}); when the scope is already cancelled as the listener is
 * added, it runs at once on the adding thread. Keep it short and do not block: hand longer work to an
 * executor. A listener that throws is reported once and does not stop the other listeners.
 */
@FunctionalInterface
public interface CancelListener {
  /**
   * @param scope the scope the listener was added to; {@link RequestScope#cancellationCause()} says why
   */
  void cancelled(RequestScope scope);
}
