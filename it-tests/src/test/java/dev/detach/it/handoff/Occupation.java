package dev.detach.it.handoff;

import dev.detach.it.support.Bounded;
import dev.detach.it.support.Gate;
import dev.detach.it.support.Scopes;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/** Workers kept busy by an unscoped blocker task until {@link #close()}, so that submitted tasks queue. */
final class Occupation implements AutoCloseable {

  /** How a blocker is handed to the workers. */
  @FunctionalInterface
  interface Submission {
    void submit(Runnable blocker) throws Exception;
  }

  private final Gate release;
  private final BooleanSupplier somethingQueued;

  private Occupation(Gate release, BooleanSupplier somethingQueued) {
    this.release = release;
    this.somethingQueued = somethingQueued;
  }

  /**
   * Submits one blocker (from no scope) and waits until it runs.
   *
   * @param somethingQueued whether a task waits behind the blocker, when the executor can tell (null: it cannot)
   */
  static Occupation of(String what, Submission submission, BooleanSupplier somethingQueued) throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    Gate release = new Gate("release the blocker of " + what);
    Scopes.unscoped(() -> submission.submit(() -> {
      running.countDown();
      release.pass();
    }));
    Bounded.await(running, "the blocker of " + what + " to run");
    return new Occupation(release, somethingQueued);
  }

  /** True when the executor reports a task queued behind the blocker. */
  boolean somethingQueued() {
    return somethingQueued != null && somethingQueued.getAsBoolean();
  }

  @Override
  public void close() {
    release.open();
  }
}
