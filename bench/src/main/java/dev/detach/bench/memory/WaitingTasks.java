package dev.detach.bench.memory;

import dev.detach.bench.handoff.RequestContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bytes retained per waiting task: tasks handed off from a request (the context of {@code -Dbench.context}
 * current, then ended, as when the response is sent) that have not run yet, queued behind a busy worker or
 * scheduled for later. Measured as the growth of the live heap (class histograms, full collections) divided by
 * the number of tasks; the same run without an agent gives what the tasks and queues take themselves.
 *
 * <p>Prints one line per executor kind: {@code KIND<TAB>TASKS<TAB>BYTES_PER_TASK<TAB>CLASSES THAT GREW}.
 */
public final class WaitingTasks {
  private static final AtomicInteger RAN = new AtomicInteger();

  private WaitingTasks() {}

  public static void main(String[] args) throws Exception {
    int tasks = Integer.parseInt(args.length > 0 ? args[0] : "10000");
    RequestContext context = RequestContext.fromSystemProperty();
    for (String kind : new String[] {"ThreadPoolExecutor", "ForkJoinPool", "ScheduledThreadPoolExecutor"}) {
      measure(kind, context, 200); // loads and warms what a hand-off uses, grows tables to a first size
      System.out.println(measure(kind, context, tasks));
    }
    System.exit(0);
  }

  private static String measure(String kind, RequestContext context, int tasks) throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    ExecutorService executor = busyExecutor(kind, gate);
    RAN.set(0);
    Histogram before = Histogram.ofThisJvm();
    context.open();
    try {
      for (int i = 0; i < tasks; i++) {
        submit(executor, new WaitingTask(i));
      }
    } finally {
      context.close(); // the request ended; its tasks wait on
    }
    Histogram after = Histogram.ofThisJvm();
    if (RAN.get() != 0) {
      throw new IllegalStateException(kind + ": " + RAN.get() + " tasks ran while they should have waited");
    }
    gate.countDown();
    if (executor instanceof ScheduledThreadPoolExecutor) {
      executor.shutdownNow();
    } else {
      executor.shutdown();
    }
    executor.awaitTermination(30, TimeUnit.SECONDS);
    double perTask = (after.totalBytes() - before.totalBytes()) / (double) tasks;
    return kind + "\t" + tasks + "\t" + String.format(java.util.Locale.ROOT, "%.1f", perTask) + "\t"
        + String.join(", ", after.grownSince(before, 6));
  }

  /** An executor whose only worker is busy until {@code gate} opens, or a scheduler (tasks wait an hour). */
  private static ExecutorService busyExecutor(String kind, CountDownLatch gate) {
    switch (kind) {
      case "ThreadPoolExecutor": {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        pool.execute(() -> await(gate));
        return pool;
      }
      case "ForkJoinPool": {
        ForkJoinPool pool = new ForkJoinPool(1);
        pool.execute(() -> await(gate));
        return pool;
      }
      default:
        return new ScheduledThreadPoolExecutor(1);
    }
  }

  private static void submit(ExecutorService executor, Runnable task) {
    if (executor instanceof ScheduledThreadPoolExecutor) {
      ((ScheduledThreadPoolExecutor) executor).schedule(task, 1, TimeUnit.HOURS);
    } else {
      executor.execute(task);
    }
  }

  private static void await(CountDownLatch gate) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A task as small as a lambda that captured one value. */
  private static final class WaitingTask implements Runnable {
    private final int n;

    WaitingTask(int n) {
      this.n = n;
    }

    @Override
    public void run() {
      RAN.addAndGet(n >= 0 ? 1 : 0);
    }
  }
}
