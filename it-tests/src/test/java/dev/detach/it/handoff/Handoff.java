package dev.detach.it.handoff;

import java.util.List;

/**
 * One open instance of a {@link HandoffPoint}: its own executor, pool, timer or nothing (new threads), and
 * the way it hands a task from the calling thread to another one.
 */
interface Handoff extends AutoCloseable {

  /** Hands {@code task} off from the calling thread. Kinds that block (invokeAll, invoke, parallel streams) return once it ran. */
  void submit(Runnable task) throws Exception;

  /**
   * Runs a probe where this hand-off's tasks run (the same pool, timer or completing thread), submitted from
   * the calling thread. Most kinds just {@link #submit} it.
   */
  default void probe(Runnable probe) throws Exception {
    submit(probe);
  }

  /**
   * Keeps every worker of this hand-off busy so that the next task submitted waits in a queue; null for kinds
   * that start their task at once (new threads, the common pool).
   */
  default Occupation occupyWorkers() throws Exception {
    return null;
  }

  /** What the executor's own hooks saw that they should not have (a task's scope still current in afterExecute). */
  default List<String> workerViolations() {
    return List.of();
  }

  @Override
  void close();
}
