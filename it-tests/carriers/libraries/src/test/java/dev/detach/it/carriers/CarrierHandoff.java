package dev.detach.it.carriers;

import dev.detach.it.support.VirtualThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A way of handing a task to another thread, as the carrier scenarios use it: pools (whose workers are
 * checked before and after the task) and thread-per-task hand-offs (workers 0).
 */
abstract class CarrierHandoff {

  private final String name;
  private final int workers;

  CarrierHandoff(String name, int workers) {
    this.name = name;
    this.workers = workers;
  }

  String name() {
    return name;
  }

  /** The pool's threads, each primed and checked by the scenario; 0 for a new thread per task. */
  int workers() {
    return workers;
  }

  abstract void submit(Runnable task) throws Exception;

  /** Ends the pool, if any. */
  void close() {}

  /** Every hand-off the scenarios cover on this JVM. */
  static List<CarrierHandoff> all() {
    List<CarrierHandoff> all = new ArrayList<>();
    all.add(new OnPool("ThreadPoolExecutor.execute", singleThreadPool()) {
      @Override
      void submit(Runnable task) {
        pool.execute(task);
      }
    });
    all.add(new OnPool("ScheduledThreadPoolExecutor.schedule", new ScheduledThreadPoolExecutor(1)) {
      @Override
      void submit(Runnable task) {
        ((ScheduledThreadPoolExecutor) pool).schedule(task, 5, TimeUnit.MILLISECONDS);
      }
    });
    // A pool only when the common pool has parallelism 2 or more; else CompletableFuture starts a thread.
    int parallelism = ForkJoinPool.getCommonPoolParallelism();
    all.add(new CarrierHandoff("CompletableFuture.runAsync", parallelism > 1 ? parallelism : 0) {
      @Override
      void submit(Runnable task) {
        CompletableFuture.runAsync(task);
      }
    });
    all.add(new OnPool("CompletableFuture.runAsync(pool).thenRunAsync(pool)", singleThreadPool()) {
      @Override
      void submit(Runnable task) {
        CompletableFuture.runAsync(() -> { }, pool).thenRunAsync(task, pool);
      }
    });
    all.add(new CarrierHandoff("new Thread(task).start()", 0) {
      @Override
      void submit(Runnable task) {
        new Thread(task, "task thread").start();
      }
    });
    all.add(new CarrierHandoff("Thread subclass start()", 0) {
      @Override
      void submit(Runnable task) {
        new TaskThread(task).start();
      }
    });
    if (VirtualThreads.available()) {
      all.add(new CarrierHandoff("Thread.ofVirtual().start", 0) {
        @Override
        void submit(Runnable task) {
          VirtualThreads.ofVirtualStart(task);
        }
      });
      all.add(new OnPool("newVirtualThreadPerTaskExecutor().submit", VirtualThreads.newVirtualThreadPerTaskExecutor()) {
        @Override
        int workers() {
          return 0;
        }

        @Override
        void submit(Runnable task) {
          pool.submit(task);
        }
      });
    }
    return all;
  }

  private static ExecutorService singleThreadPool() {
    return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
  }

  /** A hand-off to a pool of one thread. */
  private abstract static class OnPool extends CarrierHandoff {
    final ExecutorService pool;

    OnPool(String name, ExecutorService pool) {
      super(name, 1);
      this.pool = pool;
    }

    @Override
    void close() {
      pool.shutdownNow();
    }
  }

  /** A thread class of the application's that extends Thread and overrides run(), as old code does. */
  private static final class TaskThread extends Thread {
    private final Runnable task;

    TaskThread(Runnable task) {
      super("task thread subclass");
      this.task = task;
    }

    @Override
    public void run() {
      task.run();
    }
  }
}
