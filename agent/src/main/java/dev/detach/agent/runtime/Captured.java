package dev.detach.agent.runtime;

import dev.detach.RequestScope;
import java.time.Duration;

/**
 * What a hand-off captured for one task: the scope the task runs in, chosen by the policy when the task
 * was handed off.
 */
final class Captured {

  /** The decision "carry nothing" (policy {@code off}): nothing is registered. */
  static final Captured NOTHING = new Captured(null, 0L, false);

  private final RequestScope scope;
  private final long timeoutNanos;
  /** Used by every run of the task (periodic tasks, CompletableFuture stages); never consumed. */
  final boolean sticky;

  Captured(RequestScope scope, long timeoutNanos, boolean sticky) {
    this.scope = scope;
    this.timeoutNanos = timeoutNanos;
    this.sticky = sticky;
  }

  Captured withSticky() {
    return sticky || this == NOTHING ? this : new Captured(scope, timeoutNanos, true);
  }

  /** A capture whose deadline is fixed now, for a task that starts right away (a new thread). */
  Captured resolvedForRun() {
    return timeoutNanos > 0 ? new Captured(scopeForRun(), 0L, sticky) : this;
  }

  /**
   * The scope for one run. A detached task's own deadline ({@code detach.timeout}) starts when that run
   * starts, so time spent waiting in a queue does not count against it.
   */
  RequestScope scopeForRun() {
    return timeoutNanos > 0 ? scope.withTimeout(Duration.ofNanos(timeoutNanos)) : scope;
  }

  @Override
  public String toString() {
    return this == NOTHING ? "Captured{nothing}" : "Captured{" + scope + (sticky ? ", sticky" : "") + '}';
  }
}
