package dev.detach.agent.runtime;

/**
 * The captures of handed-off tasks, keyed by the identity of the object that the executor queues.
 *
 * <p>Keeping the capture beside the task, instead of wrapping the task, is what lets callers keep seeing
 * their own objects: {@code remove(task)}, the list {@code shutdownNow()} returns, {@code instanceof} and
 * {@code Future} identity are unchanged. Keys are weak, so a task that never runs (discarded, drained,
 * garbage) takes its capture with it.
 */
final class TaskCaptures {

  private static final WeakIdentityTable<Captured> TABLE = new WeakIdentityTable<>();

  private TaskCaptures() {}

  /**
   * Registers {@code captured} for {@code task} and returns null; when the task already has a capture,
   * changes nothing and returns that one (a sticky one stays; a one-shot one means the same object is
   * queued twice).
   */
  static Captured register(Object task, Captured captured) {
    return TABLE.putIfAbsent(task, captured);
  }

  /** The capture for one run of {@code task}: a one-shot capture is removed, a sticky one stays. */
  static Captured take(Object task) {
    Captured c = TABLE.get(task);
    if (c == null || c.sticky) {
      return c;
    }
    // Only one runner may consume a one-shot capture.
    return TABLE.remove(task, c) ? c : null;
  }

  /** Forgets {@code task}'s capture: the task will not run (rejected, removed, drained). */
  static void remove(Object task) {
    TABLE.remove(task);
  }

  /** True when nothing is registered near {@code task}: a cheap pre-check. */
  static boolean surelyAbsent(Object task) {
    return TABLE.surelyAbsent(task);
  }

  /** How many captures are registered (for diagnostics and tests), counting uncollected stale ones. */
  static int size() {
    return TABLE.size();
  }
}
