package dev.detach.it.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detach.CancellableScope;
import dev.detach.CancellationCause;
import dev.detach.RequestScope;
import dev.detach.it.support.Bounded;
import dev.detach.it.support.Gate;
import dev.detach.it.support.RequestThread;
import dev.detach.it.support.ScopeView;
import dev.detach.it.support.Scopes;

/**
 * The scenarios every hand-off point must pass, as plain code that throws {@link AssertionError}: the JUnit
 * tests run them in the test JVM (policy {@code detach}), and {@link ScenarioMain} runs them in JVMs started
 * with other settings.
 *
 * <p>Each scenario opens fresh instances of the point, plays the request on a {@link RequestThread} (so that
 * blocking hand-offs block that thread, not the test), and ends with {@link #assertWorkerClean}.
 */
final class HandoffScenarios {

  private HandoffScenarios() {}

  // ---- policy detach (the default) ----------------------------------------------------------------

  /** The task sees the submitter's values in a detached scope that the request's end does not cancel. */
  static void detachedTaskSeesSubmittersValues(HandoffPoint point) {
    try (Handoff handoff = point.open()) {
      String id = "values of " + point;
      ObservingTask task = ObservingTask.looking("task of " + point);
      RequestThread.run("request", Scopes.request(id), () -> handoff.submit(task));
      assertDetachedCopy(task.firstLook(), id, point, "the task");
      assertWorkerClean(point, handoff);
    }
  }

  /** The request ends after the hand-off, before the task looks at its scope: the task is not cancelled. */
  static void requestCancelledBeforeTaskLooks(HandoffPoint point) {
    try (Handoff handoff = point.open()) {
      String id = "cancelled before the task looks, " + point;
      CancellableScope request = Scopes.request(id);
      Gate hold = new Gate("task holds before it looks");
      ObservingTask task = ObservingTask.heldBeforeLooking("task of " + point, hold);
      RequestThread requestThread = RequestThread.start("request", request, () -> handoff.submit(task));
      try {
        task.awaitStarted();
        request.cancel();
      } finally {
        hold.open();
      }
      assertDetachedCopy(task.firstLook(), id, point, "the task, which looked after the request ended,");
      requestThread.awaitDone();
      assertWorkerClean(point, handoff);
    }
  }

  /** The request ends while the task runs: its scope stays uncancelled and its listener is not told. */
  static void requestCancelledWhileTaskRuns(HandoffPoint point) {
    try (Handoff handoff = point.open()) {
      String id = "cancelled while the task runs, " + point;
      CancellableScope request = Scopes.request(id);
      Gate hold = new Gate("task holds while running");
      ObservingTask task = ObservingTask.heldWhileRunning("task of " + point, hold);
      RequestThread requestThread = RequestThread.start("request", request, () -> handoff.submit(task));
      try {
        task.awaitLooked();
        request.cancel();
        assertThat(request.isCancelled()).isTrue();
        assertThat(task.causeSoFar())
            .as("the cause a cancel listener that the task (%s) registered on its scope was told right after"
                + " the request was cancelled (null: not told)", point)
            .isNotEqualTo(CancellationCause.CANCELLED);
      } finally {
        hold.open();
      }
      ScopeView first = task.firstLook();
      ScopeView last = task.lastLook();
      assertDetachedCopy(first, id, point, "the task, before the request ended,");
      assertDetachedCopy(last, id, point, "the task, after the request ended,");
      assertThat(last.scope()).as("the task's scope after the request ended (%s)", point).isSameAs(first.scope());
      requestThread.awaitDone();
      assertWorkerClean(point, handoff);
    }
  }

  /**
   * The task waits in the executor's queue when the request ends: it still runs in an uncancelled copy.
   * Only for points with {@link HandoffPoint.Trait#QUEUES}.
   */
  static void requestCancelledWhileTaskQueued(HandoffPoint point) throws Exception {
    try (Handoff handoff = point.open()) {
      String id = "cancelled while the task is queued, " + point;
      CancellableScope request = Scopes.request(id);
      ObservingTask task = ObservingTask.looking("task of " + point);
      RequestThread requestThread;
      try (Occupation busy = handoff.occupyWorkers()) {
        RequestThread started = RequestThread.start("request", request, () -> handoff.submit(task));
        requestThread = started;
        Bounded.until(() -> started.isDone() || busy.somethingQueued() || task.hasStarted(),
            "the task of " + point + " is queued behind the blocker");
        request.cancel();
      }
      assertDetachedCopy(task.firstLook(), id, point, "the task, which was queued when the request ended,");
      requestThread.awaitDone();
      assertWorkerClean(point, handoff);
    }
  }

  /** A task that a detached task hands off (through the same kind of point) carries that detached scope on. */
  static void taskOfDetachedTaskCarriesItsScope(HandoffPoint point) {
    try (Handoff outer = point.open(); Handoff inner = point.open()) {
      String id = "nested, " + point;
      CancellableScope request = Scopes.request(id);
      Gate hold = new Gate("outer task holds until the request ended");
      ObservingTask nested = ObservingTask.looking("task of the task of " + point);
      ObservingTask outerTask = ObservingTask.heldWhileRunning("task of " + point, hold);
      Runnable outerThenNested = () -> {
        outerTask.run();
        try {
          inner.submit(nested);
        } catch (Throwable t) {
          nested.fail(t);
        }
      };
      RequestThread requestThread = RequestThread.start("request", request, () -> outer.submit(outerThenNested));
      try {
        outerTask.awaitLooked();
        request.cancel();
      } finally {
        hold.open();
      }
      ScopeView outerView = outerTask.lastLook();
      ScopeView nestedView = nested.firstLook();
      assertDetachedCopy(outerView, id, point, "the task");
      assertDetachedCopy(nestedView, id, point, "the task handed off by the task");
      assertThat(nestedView.scope().keys())
          .as("keys of the nested task's scope (%s)", point).isEqualTo(outerView.scope().keys());
      requestThread.awaitDone();
      assertWorkerClean(point, outer);
      assertWorkerClean(point, inner);
    }
  }

  /** Nothing is captured without a scope on the submitting thread: the task sees ROOT. */
  static void unscopedSubmitterCapturesNothing(HandoffPoint point) {
    try (Handoff handoff = point.open()) {
      ObservingTask task = ObservingTask.looking("task of " + point);
      RequestThread.run("unscoped submitter", RequestScope.ROOT, () -> handoff.submit(task));
      assertSeesNothingCaptured(task.firstLook(), point, "a task submitted without a scope");
      assertWorkerClean(point, handoff);
    }
  }

  /** A detached task whose own deadline ({@code detach.timeout}) is running; {@link #verify} waits for it. */
  static final class OwnDeadline {
    private final HandoffPoint point;
    private final Handoff handoff;
    private final ObservingTask task;
    private final String id;
    private final RequestThread requestThread;

    private OwnDeadline(HandoffPoint point) {
      this.point = point;
      this.handoff = point.open();
      this.id = "own deadline, " + point;
      this.task = ObservingTask.listening("task of " + point);
      this.requestThread = RequestThread.start("request", Scopes.request(id), () -> handoff.submit(task));
    }

    /** The task's listener is told DEADLINE_EXCEEDED (within the bounded wait), and the worker is clean. */
    void verify() {
      try {
        assertDetachedCopy(task.firstLook(), id, point, "the task");
        ScopeView cancelled = task.awaitCancellation();
        assertThat(cancelled.cancelled()).as("the task's scope (%s) when its listener is told", point).isTrue();
        assertThat(cancelled.cause()).as("why the task's scope (%s) was cancelled", point)
            .isEqualTo(CancellationCause.DEADLINE_EXCEEDED);
        assertThat(cancelled.requestId()).as("request id of the task's cancelled scope (%s)", point).isEqualTo(id);
        requestThread.awaitDone();
        assertWorkerClean(point, handoff);
      } finally {
        handoff.close();
      }
    }
  }

  /** Hands a listening task off; the deadline runs while other points start theirs. */
  static OwnDeadline startOwnDeadline(HandoffPoint point) {
    return new OwnDeadline(point);
  }

  // ---- policy propagate ---------------------------------------------------------------------------

  /** Under {@code propagate} the task has the request's own scope and sees the request end. */
  static void propagatedTaskSeesCancellation(HandoffPoint point) {
    try (Handoff handoff = point.open()) {
      String id = "propagated, " + point;
      CancellableScope request = Scopes.request(id);
      Gate hold = new Gate("task holds while running");
      ObservingTask task = ObservingTask.heldWhileRunning("task of " + point, hold);
      RequestThread requestThread = RequestThread.start("request", request, () -> handoff.submit(task));
      try {
        task.awaitLooked();
        request.cancel();
      } finally {
        hold.open();
      }
      ScopeView first = task.firstLook();
      ScopeView last = task.lastLook();
      assertThat(first.requestId()).as("request id the task (%s) saw", point).isEqualTo(id);
      assertThat(first.detached()).as("whether the task's scope (%s) is detached", point).isFalse();
      assertThat(first.cancelled()).as("whether the task's scope (%s) was cancelled before the request ended",
          point).isFalse();
      assertThat(last.cancelled()).as("whether the task's scope (%s) is cancelled after the request ended: %s",
          point, last).isTrue();
      assertThat(last.cause()).as("cause the task (%s) saw", point).isEqualTo(CancellationCause.CANCELLED);
      assertThat(task.causeSoFar()).as("cause told to the task's (%s) cancel listener", point)
          .isEqualTo(CancellationCause.CANCELLED);
      requestThread.awaitDone();
      assertWorkerClean(point, handoff);
    }
  }

  // ---- policy off ---------------------------------------------------------------------------------

  /** Under {@code off} nothing is carried: the task sees ROOT. */
  static void taskSeesNoScope(HandoffPoint point) {
    try (Handoff handoff = point.open()) {
      ObservingTask task = ObservingTask.looking("task of " + point);
      RequestThread.run("request", Scopes.request("off, " + point), () -> handoff.submit(task));
      assertSeesNothingCaptured(task.firstLook(), point, "a task under policy off");
      assertWorkerClean(point, handoff);
    }
  }

  // ---- shared checks ------------------------------------------------------------------------------

  /**
   * After a task: a probe that an unscoped thread hands to the same executor, pool, timer or completing
   * thread sees ROOT, and the executor's hooks saw no scope after the task's body.
   */
  static void assertWorkerClean(HandoffPoint point, Handoff handoff) {
    ObservingTask probe = ObservingTask.looking("probe of " + point);
    RequestThread.run("unscoped prober", RequestScope.ROOT, () -> handoff.probe(probe));
    ScopeView seen = probe.firstLook();
    assertThat(seen.isRoot())
        .as("a probe handed by an unscoped thread to where the task of %s ran must see ROOT; it saw %s", point, seen)
        .isTrue();
    assertThat(handoff.workerViolations()).as("what the executor of %s saw after a task", point).isEmpty();
  }

  static void assertDetachedCopy(ScopeView seen, String requestId, HandoffPoint point, String who) {
    assertThat(seen.isRoot()).as("%s of %s saw no scope (ROOT) instead of its submitter's", who, point).isFalse();
    assertThat(seen.requestId()).as("request id %s of %s saw (%s)", who, point, seen).isEqualTo(requestId);
    assertThat(seen.detached()).as("whether the scope %s of %s saw is detached (%s)", who, point, seen).isTrue();
    assertThat(seen.cancelled()).as("whether the scope %s of %s saw is cancelled (%s)", who, point, seen).isFalse();
  }

  static void assertSeesNothingCaptured(ScopeView seen, HandoffPoint point, String who) {
    if (point.has(HandoffPoint.Trait.RUNS_ON_BYSTANDER)) {
      assertThat(seen.requestId())
          .as("%s of %s runs on a thread with a scope of its own and must see that one (%s)", who, point, seen)
          .isEqualTo(HandoffPoints.BYSTANDER_REQUEST);
      assertThat(seen.detached()).as("whether the bystander's scope is detached (%s)", seen).isFalse();
    } else {
      assertThat(seen.isRoot()).as("%s of %s must see ROOT; it saw %s", who, point, seen).isTrue();
    }
  }
}
