package dev.detach.agent.runtime;

import java.util.Arrays;

/**
 * The captures of handed-off tasks, keyed by the identity of the object that the executor queues.
 *
 * <p>Keeping the capture beside the task, instead of wrapping the task, is what lets callers keep seeing
 * their own objects: {@code remove(task)}, the list {@code shutdownNow()} returns, {@code instanceof},
 * {@code beforeExecute}/{@code afterExecute} arguments and {@code Future} identity are unchanged. Keys
 * are weak, so a task that never runs (discarded, drained, garbage) takes its capture with it.
 *
 * <p>One object queued several times at once (a shared lambda submitted by many requests) keeps one
 * capture per submission, in order; each run takes one. The runs of one object cannot be told apart, so
 * which run gets which submission's scope is immaterial, as long as each scope is used once.
 */
final class TaskCaptures {

  /** Values: a {@link Captured}, or a {@code Captured[]} for an object queued more than once. */
  private static final WeakIdentityTable<Object> TABLE = new WeakIdentityTable<>();

  private TaskCaptures() {}

  /**
   * Registers {@code captured} for {@code task} and returns null. A task that already has a sticky
   * capture keeps it, and that one is returned: every run of a periodic task or a CompletableFuture
   * stage belongs to the code that scheduled or created it.
   */
  static Captured register(Object task, Captured captured) {
    while (true) {
      Object existing = TABLE.putIfAbsent(task, captured);
      if (existing == null) {
        return null;
      }
      if (existing instanceof Captured && ((Captured) existing).sticky) {
        return (Captured) existing;
      }
      if (TABLE.replace(task, existing, appended(existing, captured))) {
        return null;
      }
    }
  }

  /**
   * Drops the sticky capture {@code c} of {@code task} (a stage that ran), if it is still the one there;
   * true when this call dropped it.
   */
  static boolean removeSticky(Object task, Captured c) {
    return TABLE.remove(task, c);
  }

  /** Whether {@code task} has a capture; takes no lock. */
  static boolean has(Object task) {
    return TABLE.get(task) != null;
  }

  /** The capture for one run of {@code task}: a one-shot capture is used up, a sticky one stays. */
  static Captured take(Object task) {
    while (true) {
      Object v = TABLE.get(task);
      if (v == null) {
        return null;
      }
      if (v instanceof Captured) {
        Captured c = (Captured) v;
        if (c.sticky || TABLE.remove(task, v)) {
          return c;
        }
        continue;
      }
      Captured[] queue = (Captured[]) v;
      if (TABLE.replace(task, v, rest(queue, 1, queue.length))) {
        return queue[0];
      }
    }
  }

  /**
   * The oldest submission of {@code task} will not run ({@code remove(task)}, drained by {@code
   * shutdownNow}). Returns the capture removed, or null.
   */
  static Captured removeOldest(Object task) {
    return remove(task, true);
  }

  /** The newest submission of {@code task} will not run (rejected). Returns the capture removed, or null. */
  static Captured removeNewest(Object task) {
    return remove(task, false);
  }

  private static Captured remove(Object task, boolean oldest) {
    while (true) {
      Object v = TABLE.get(task);
      if (v == null) {
        return null;
      }
      if (v instanceof Captured) {
        if (TABLE.remove(task, v)) {
          return (Captured) v;
        }
        continue;
      }
      Captured[] queue = (Captured[]) v;
      Object rest = oldest ? rest(queue, 1, queue.length) : rest(queue, 0, queue.length - 1);
      if (TABLE.replace(task, v, rest)) {
        return oldest ? queue[0] : queue[queue.length - 1];
      }
    }
  }

  /** How many tasks have captures (for diagnostics and tests), counting uncollected stale ones. */
  static int size() {
    return TABLE.size();
  }

  private static Object appended(Object existing, Captured captured) {
    if (existing instanceof Captured) {
      return new Captured[] {(Captured) existing, captured};
    }
    Captured[] queue = (Captured[]) existing;
    Captured[] longer = Arrays.copyOf(queue, queue.length + 1);
    longer[queue.length] = captured;
    return longer;
  }

  /** The captures from..to-1 of a queue: null, one capture, or a shorter queue. */
  private static Object rest(Captured[] queue, int from, int to) {
    int n = to - from;
    return n == 0 ? null : n == 1 ? queue[from] : Arrays.copyOfRange(queue, from, to);
  }
}
