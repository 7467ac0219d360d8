package dev.detach.it.handoff;

import dev.detach.CancellableScope;
import dev.detach.RequestScope;
import dev.detach.it.support.Bounded;
import dev.detach.it.support.RequestThread;
import dev.detach.it.support.ScopeView;
import dev.detach.it.support.Scopes;
import dev.detach.it.support.VirtualThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The stress run of {@link HandoffStressTest}, in a JVM of its own so that a hang cannot take the test JVM's
 * pools (the virtual-thread scheduler, the common pool) with it. Many submitting threads, each with its own
 * request scope and a per-task value, hand tasks to every kind of pool at once; prints
 * {@code TASKS total mismatches} with up to ten {@code MISMATCH} examples, one {@code PROBES pool scoped}
 * line per pool, and {@code DONE}. With the argument {@code virtual-only} every task goes to the
 * virtual-thread-per-task executor.
 */
public final class StressMain {

  static final int SUBMITTERS = 16;
  static final int TASKS_PER_SUBMITTER = 10_000;
  private static final Duration WAIT = Duration.ofSeconds(40);

  /** A pool of the stress run: how to hand it a task. */
  record Target(String name, HandoffPoints.Submission submit) {}

  private StressMain() {}

  public static void main(String[] args) {
    try {
      run(args.length > 0 && args[0].equals("virtual-only"));
    } catch (Throwable t) {
      System.out.println("FAIL " + String.valueOf(t).replace('\n', ' '));
      System.out.println("platform threads at the failure:");
      for (java.lang.management.ThreadInfo info
          : java.lang.management.ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
        System.out.println("\"" + info.getThreadName() + "\" " + info.getThreadState()
            + (info.getLockName() == null ? "" : " on " + info.getLockName())
            + (info.getLockOwnerName() == null ? "" : " owned by \"" + info.getLockOwnerName() + "\""));
        StackTraceElement[] stack = info.getStackTrace();
        for (int i = 0; i < Math.min(stack.length, 12); i++) {
          System.out.println("    at " + stack[i]);
        }
      }
    }
    System.out.println("DONE");
    System.out.flush();
    System.exit(0);
  }

  /** @param virtualOnly hand every task to the virtual-thread-per-task executor (JDK 21+) */
  private static void run(boolean virtualOnly) throws Exception {
    ExecutorService threadPool = Executors.newFixedThreadPool(4);
    ScheduledThreadPoolExecutor scheduledPool = new ScheduledThreadPoolExecutor(2);
    ForkJoinPool forkJoinPool = new ForkJoinPool(4);
    ExecutorService futureExecutor = Executors.newFixedThreadPool(2);
    ExecutorService virtualThreads = VirtualThreads.available() ? VirtualThreads.newVirtualThreadPerTaskExecutor() : null;
    List<Target> targets = new ArrayList<>();
    targets.add(new Target("ThreadPoolExecutor", threadPool::execute));
    targets.add(new Target("ScheduledThreadPoolExecutor", t -> scheduledPool.schedule(t, 0, TimeUnit.MILLISECONDS)));
    targets.add(new Target("ForkJoinPool", forkJoinPool::execute));
    targets.add(new Target("CompletableFuture.supplyAsync(default pool)",
        t -> CompletableFuture.supplyAsync(HandoffPoints.supplier(t))));
    targets.add(new Target("CompletableFuture.supplyAsync(executor)",
        t -> CompletableFuture.supplyAsync(HandoffPoints.supplier(t), futureExecutor)));
    if (virtualThreads != null) {
      targets.add(new Target("virtual-thread-per-task executor", virtualThreads::execute));
    }
    if (virtualOnly) {
      targets.removeIf(t -> !t.name().startsWith("virtual"));
    }

    int total = SUBMITTERS * TASKS_PER_SUBMITTER;
    CountDownLatch done = new CountDownLatch(total);
    LongAdder mismatches = new LongAdder();
    ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
    AtomicInteger exampleCount = new AtomicInteger();
    long start = System.nanoTime();
    List<RequestThread> submitters = new ArrayList<>();
    for (int s = 0; s < SUBMITTERS; s++) {
      String id = "submitter-" + s;
      CancellableScope request = Scopes.request(id);
      int offset = s;
      submitters.add(RequestThread.start(id, request, () -> {
        for (int i = 0; i < TASKS_PER_SUBMITTER; i++) {
          int taskNo = i;
          Target target = targets.get((offset + i) % targets.size());
          try (RequestScope.Attachment ignored = RequestScope.current().withValue(Scopes.TASK, taskNo).attach()) {
            target.submit().submit(() -> {
              try {
                ScopeView seen = ScopeView.current();
                if (!id.equals(seen.requestId()) || !Integer.valueOf(taskNo).equals(seen.task()) || !seen.detached()
                    || seen.cancelled()) {
                  mismatches.increment();
                  if (exampleCount.incrementAndGet() <= 10) {
                    examples.add(target.name() + ": task " + taskNo + " of " + id + " saw " + seen);
                  }
                }
              } finally {
                done.countDown();
              }
            });
          }
        }
        request.cancel(); // the request ends while its tasks still run: they must not notice
      }));
    }
    for (RequestThread submitter : submitters) {
      submitter.awaitDone(WAIT); // fails with the stuck submitter's stack
    }
    long submitted = System.nanoTime();
    if (!done.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      System.out.println("FAIL " + done.getCount() + " of " + total + " tasks did not run within " + WAIT.toSeconds() + " s");
    }
    System.out.println("TASKS " + total + " " + mismatches.sum());
    for (String e : examples) {
      System.out.println("MISMATCH " + e);
    }
    System.out.printf("INFO JDK %d: %d tasks over %d pools submitted in %d ms, all ran after %d ms%n",
        Runtime.version().feature(), total, targets.size(), (submitted - start) / 1_000_000,
        (System.nanoTime() - start) / 1_000_000);
    for (Target target : targets) {
      System.out.println("PROBES " + target.name() + " " + probesThatSawAScope(target));
    }
  }

  /** Enough probes from an unscoped thread to reach every worker of the pool; how many saw a scope. */
  private static int probesThatSawAScope(Target target) {
    int probes = 64;
    CountDownLatch ran = new CountDownLatch(probes);
    AtomicInteger scoped = new AtomicInteger();
    RequestThread.run("unscoped prober", RequestScope.ROOT, () -> {
      for (int i = 0; i < probes; i++) {
        target.submit().submit(() -> {
          if (!ScopeView.current().isRoot()) {
            scoped.incrementAndGet();
          }
          ran.countDown();
        });
      }
    });
    Bounded.await(ran, "the probes on " + target.name());
    return scoped.get();
  }
}
