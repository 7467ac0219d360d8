package dev.detach.agent.runtime;

/**
 * A runnable that attaches its capture itself. Used only where the run site is unknown: executors named
 * in {@code executors.include}.
 */
final class ScopedRunnable implements Runnable {
  private final Runnable task;
  private final Captured captured;

  ScopedRunnable(Runnable task, Captured captured) {
    this.task = task;
    this.captured = captured;
  }

  @Override
  public void run() {
    Object token = null;
    try {
      token = Handoffs.attachForRun(captured, null);
    } catch (Throwable t) {
      AgentLog.fault("task run", t);
    }
    try {
      task.run();
    } finally {
      Handoffs.afterRun(token);
    }
  }

  @Override
  public String toString() {
    return task.toString();
  }
}
