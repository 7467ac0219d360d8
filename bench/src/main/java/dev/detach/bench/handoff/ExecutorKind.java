package dev.detach.bench.handoff;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
      return new CommonPoolHandoff() {
        @Override
        public void submit(Runnable task) {
          supplyRunning(task);
        }
      };
    }
  },
  /**
   * A fan-out inside a request: {@value HandoffBenchmark#BATCH} {@code supplyAsync} tasks on the default pool,
   * joined with {@code CompletableFuture.allOf}. The per-task cost includes the dependent stage {@code allOf}
   * builds over them.
   */
  FAN_OUT_ALL_OF("supplyAsync ×100 + allOf") {
    @Override
    Handoff open() {
      return new CommonPoolHandoff() {
        @Override
        public void submit(Runnable task) {
          CompletableFuture.allOf(supplyRunning(task));
        }

        @Override
        public void runBatch(int tasks) {
          CompletableFuture<?>[] all = new CompletableFuture<?>[tasks];
          for (int i = 0; i < tasks; i++) {
            Integer n = i;
            all[i] = CompletableFuture.supplyAsync(() -> n);
          }
          CompletableFuture.allOf(all).join();
        }
      };
    }
  },
  /**
   * A chain of dependent stages: {@value HandoffBenchmark#BATCH} {@code supplyAsync} tasks folded with
   * {@code thenCombine}, each combination a stage that runs when both sides are done.
   */
  THEN_COMBINE_CHAIN("supplyAsync ×100, thenCombine chain") {
    @Override
    Handoff open() {
      return new CommonPoolHandoff() {
        @Override
        public void submit(Runnable task) {
          // The task runs in the combining stage, on the pool thread that completes the slow side (a stage whose
          // inputs are already done runs on the caller): what a dependent stage sees there is what is checked.
          CompletableFuture<Integer> slow = CompletableFuture.supplyAsync(() -> {
            try {
              Thread.sleep(20);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return 1;
          });
          slow.thenCombine(CompletableFuture.supplyAsync(() -> 2), (a, b) -> {
            task.run();
            return a + b;
          });
        }

        @Override
        public void runBatch(int tasks) {
          CompletableFuture<Integer> sum = CompletableFuture.supplyAsync(() -> 0);
          for (int i = 1; i < tasks; i++) {
            Integer n = i;
            sum = sum.thenCombine(CompletableFuture.supplyAsync(() -> n), Integer::sum);
          }
          sum.join();
        }
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

  /** Hand-offs to {@code CompletableFuture}'s default pool, which must be the common pool. */
  private abstract static class CommonPoolHandoff implements Handoff {
    CommonPoolHandoff() {
      if (ForkJoinPool.getCommonPoolParallelism() < 2) {
        throw new IllegalStateException("supplyAsync would start a thread per task: run with "
            + "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2");
      }
    }

    @Override
    public void close() {}
  }

  private static CompletableFuture<Runnable> supplyRunning(Runnable task) {
    return CompletableFuture.supplyAsync(() -> {
      task.run();
      return task;
    });
  }

  /** A started executor. */
  interface Handoff extends AutoCloseable {
    /** Hands {@code task} off once (the carried-context check). */
    void submit(Runnable task);

    /** What the benchmark measures: {@code tasks} hand-offs, returning when every task ran. */
    default void runBatch(int tasks) throws InterruptedException {
      CountDownLatch done = new CountDownLatch(tasks);
      for (int i = 0; i < tasks; i++) {
        submit(new HandoffBenchmark.Task(done));
      }
      done.await();
    }

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
