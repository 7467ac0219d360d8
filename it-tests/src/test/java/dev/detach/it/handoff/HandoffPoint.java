package dev.detach.it.handoff;

import java.util.Set;
import java.util.function.Supplier;

/**
 * A named way of handing a task to another thread ("ThreadPoolExecutor.execute", "Timer.schedule", ...):
 * what the scenario suite runs every scenario against.
 *
 * @param name what the tests report
 * @param family the hand-off family, for choosing subsets (policy rules, child JVMs)
 * @param minJdk the first JDK that has it
 * @param traits what the scenarios may rely on
 * @param opener opens a fresh instance with its own executor, pool or timer
 */
record HandoffPoint(String name, Family family, int minJdk, Set<Trait> traits, Supplier<Handoff> opener) {

  enum Family {
    THREAD_POOL,
    SCHEDULED,
    FORK_JOIN,
    COMPLETABLE_FUTURE,
    THREAD,
    VIRTUAL_THREAD,
    TIMER
  }

  enum Trait {
    /** {@link Handoff#occupyWorkers()} works: a submitted task can be made to wait in a queue. */
    QUEUES,
    /** Tasks run in the JVM's common ForkJoinPool (or, at parallelism 1, CompletableFuture's thread per task). */
    COMMON_POOL,
    /**
     * The task runs on a bystander thread that has a scope of its own ({@link HandoffPoints#BYSTANDER_REQUEST}):
     * a task that captured nothing sees that scope, not ROOT.
     */
    RUNS_ON_BYSTANDER
  }

  Handoff open() {
    return opener.get();
  }

  boolean available() {
    return Runtime.version().feature() >= minJdk;
  }

  boolean has(Trait trait) {
    return traits.contains(trait);
  }

  @Override
  public String toString() {
    return name;
  }
}
