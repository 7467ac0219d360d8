package dev.detach.bench.handoff;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The hand-off points measured: how a task gets from the submitting thread to another one.
 *
 * <p>Pools have two workers (the machine the figures come from has two cores). {@code supplyAsync} uses the
 * default pool, which is the common pool only when its parallelism is above one: scripts/bench sets
 * {@code java.util.concurrent.ForkJoinPool.common.parallelism=2}, else on two cores every call would start a
 * new thread.
 */
public enum ExecutorKind {
  /** {@code ThreadPoolExecutor.execute} on a fixed pool. */
  THREAD_POOL("ThreadPoolExecutor") {
    @Override
    Handoff open() {
      ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
      pool.prestartAllCoreThreads();
      return handoff(pool, pool::execute);
    }
  },
  /** {@code ForkJoinPool.execute}, from a thread outside the pool. */
  FORK_JOIN("ForkJoinPool") {
    @Override
    Handoff open() {
      ForkJoinPool pool = new ForkJoinPool(2);
      return handoff(pool, pool::execute);
    }
  },
  /** {@code CompletableFuture.supplyAsync(supplier)} on the default pool. */
  SUPPLY_ASYNC("CompletableFuture.supplyAsync") {
    @Override
    Handoff open() {
      if (ForkJoinPool.getCommonPoolParallelism() < 2) {
        throw new IllegalStateException("supplyAsync would start a thread per task: run with "
            + "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2");
      }
      return new Handoff() {
        @Override
        public void submit(Runnable task) {
          CompletableFuture.supplyAsync(() -> {
            task.run();
            return task;
          });
        }

        @Override
        public void close() {}
      };
    }
  },
  /** {@code Executors.newVirtualThreadPerTaskExecutor().execute}: a new virtual thread per task (JDK 21+). */
  VIRTUAL_THREADS("virtual-thread executor") {
    @Override
    Handoff open() {
      ExecutorService executor;
      try {
        executor = (ExecutorService) java.util.concurrent.Executors.class
            .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("virtual threads need JDK 21 or newer; this is "
            + Runtime.version(), e);
      }
      return handoff(executor, executor::execute);
    }
  };

  /** The name in reports. */
  public final String title;

  ExecutorKind(String title) {
    this.title = title;
  }

  /** Starts the executor (its workers running and idle). */
  abstract Handoff open();

  /** A started executor. */
  interface Handoff extends AutoCloseable {
    void submit(Runnable task);

    @Override
    void close() throws InterruptedException;
  }

  private static Handoff handoff(ExecutorService executor, java.util.function.Consumer<Runnable> submit) {
    return new Handoff() {
      @Override
      public void submit(Runnable task) {
        submit.accept(task);
      }

      @Override
      public void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
      }
    };
  }
}
