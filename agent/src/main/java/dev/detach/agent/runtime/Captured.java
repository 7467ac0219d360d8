package dev.detach.agent.runtime;

import dev.detach.RequestScope;
import dev.detach.agent.carrier.Carriers;
import java.time.Duration;

/**
 * What a hand-off captured for one task: the scope the task runs in, chosen by the policy when the task
 * was handed off.
 */
final class Captured {

  /** The decision "carry nothing" (policy {@code off}): nothing is registered. */
  static final Captured NOTHING = new Captured(null, 0L, false, false, null, false, null);

  private final RequestScope scope;
  private final long timeoutNanos;
  /** Used by every run of the task (periodic tasks, CompletableFuture stages); never consumed. */
  final boolean sticky;
  /** The request the task was handed off from, or null (a scope opened with the API, not by a container). */
  final RequestOrigin origin;
  /** The policy detached the task: once its request completed, the request's objects answer from a copy. */
  final boolean detached;
  /** What the context carriers took from the submitting thread (see {@link Carriers}), or null for nothing. */
  final Object carried;
  /**
   * A {@code CompletableFuture} stage: sticky (any of its run sites may run it). The task of {@code
   * runAsync}/{@code supplyAsync} stops counting as outstanding after its run; periodic tasks never do.
   */
  final boolean stage;
  /**
   * This capture's {@link #forStage} form once made, for the stages of the hand-offs that share this
   * capture. Written and read only by the thread that made this capture (see Handoffs#captured).
   */
  private Captured stageForm;

  Captured(RequestScope scope, long timeoutNanos, boolean sticky, boolean stage, RequestOrigin origin,
      boolean detached, Object carried) {
    this.stage = stage;
    this.scope = scope;
    this.timeoutNanos = timeoutNanos;
    this.sticky = sticky;
    this.origin = origin;
    this.detached = detached;
    this.carried = carried;
  }

  /** Whether this is the one-shot detached capture, carrying nothing, of {@code scope} for a task of {@code origin}. */
  boolean isOneShotOf(RequestScope scope, long timeoutNanos, RequestOrigin origin) {
    return this.scope == scope && this.timeoutNanos == timeoutNanos && this.origin == origin && detached
        && !sticky && carried == null;
  }

  /**
   * This capture for a {@code CompletableFuture} stage: sticky, and counted done when its registration for
   * a stage goes because the stage ran. Made once: every stage of the hand-offs that share this capture
   * shares it too.
   */
  Captured forStage() {
    if (stage || this == NOTHING) {
      return this;
    }
    Captured form = stageForm;
    if (form == null) {
      form = stageForm = new Captured(scope, timeoutNanos, true, true, origin, detached, carried);
    }
    return form;
  }

  /** A capture whose deadline is fixed now, for a task that starts right away (a new thread). */
  Captured resolvedForRun() {
    return timeoutNanos > 0 ? new Captured(scopeForRun(), 0L, sticky, stage, origin, detached, carried) : this;
  }

  /**
   * A task with this capture was queued. A detached task of a container request counts as outstanding
   * until it ran, so that the request's completion knows a copy of the request is needed.
   */
  void queued() {
    if (detached && origin != null) {
      origin.taskQueued();
    }
  }

  /**
   * One registration of this capture is over: a one-shot task queued with it ran, or will never run; a
   * stage ran (its registration was removed then, which only one caller can do: a capture shared by
   * several stages counts each once). Other sticky captures (periodic tasks) stay outstanding.
   */
  void done() {
    if (detached && origin != null && (!sticky || stage)) {
      origin.taskDone();
    }
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
