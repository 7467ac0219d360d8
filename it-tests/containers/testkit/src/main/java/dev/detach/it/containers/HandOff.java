package dev.detach.it.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The ways a handler hands work to another thread that the detached-reads scenarios cover. A task started with
 * {@link #start} waits (bounded) until the test has received the request's response, then 50 to 250 ms more
 * (the scheduled one: its 50 to 250 ms delay, and at least 50 ms after the response),
 * so that it uses the request or response object after the container completed the request; what it saw
 * goes to {@link TaskReports}.
 */
public enum HandOff {
  /** {@code ExecutorService.execute} on a fixed thread pool. */
  FIXED_POOL,
  /** {@code ExecutorService.submit} on a fixed thread pool: a {@code FutureTask} is what the pool queues. */
  POOL_SUBMIT,
  /** {@code CompletableFuture.runAsync(task)}: the common pool (the lines' JVMs set its parallelism, see the pom). */
  RUN_ASYNC,
  /** {@code supplyAsync(.., pool)} then a dependent {@code thenAcceptAsync(.., pool)} stage that does the reading. */
  SUPPLY_THEN_DEPENDENT_STAGE,
  /** {@code ScheduledExecutorService.schedule} with the 50 to 250 ms as its delay. */
  SCHEDULED,
  /** {@code scheduleAtFixedRate}: a periodic task that reads on its first run and cancels itself. */
  PERIODIC,
  /** {@code ForkJoinPool.execute} on a pool of its own. */
  FORK_JOIN_POOL,
  /** {@code java.util.Timer.schedule}, the 50 to 250 ms as its delay (several timers: each runs its tasks in turn). */
  TIMER,
  /** {@code new Thread(task).start()}. */
  NEW_THREAD,
  /** {@code Executors.newVirtualThreadPerTaskExecutor()}: JDK 21+ only (the JDK 25 runs). */
  VIRTUAL_THREAD;

  private static final int MIN_DELAY_MS = 50;
  private static final int MAX_DELAY_MS = 250;

  /** The hand-offs this JVM has: all but {@link #VIRTUAL_THREAD} before JDK 21. */
  public static List<HandOff> available() {
    List<HandOff> all = new ArrayList<>(List.of(values()));
    if (Runtime.version().feature() < 21) {
      all.remove(VIRTUAL_THREAD);
    }
    return all;
  }

  /** The name a handler takes in {@code ?handoff=}: "fixed-pool", "run-async", ... */
  public String parameter() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static HandOff fromParameter(String parameter) {
    return valueOf(parameter.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  /**
   * Starts a detached task for request {@code key} that, once the client has the response and the delay
   * passed, calls {@code use} with a fresh report and files it (also when {@code use} throws).
   */
  public void start(String key, Consumer<TaskReport> use) {
    Runnable settleThenUse = () -> {
      settle(key);
      useAndFile(key, use);
    };
    switch (this) {
      case FIXED_POOL:
        Pools.FIXED.execute(settleThenUse);
        break;
      case RUN_ASYNC:
        CompletableFuture.runAsync(settleThenUse);
        break;
      case SUPPLY_THEN_DEPENDENT_STAGE:
        CompletableFuture.supplyAsync(() -> {
          settle(key);
          return key;
        }, Pools.FIXED).thenAcceptAsync(k -> useAndFile(k, use), Pools.FIXED);
        break;
      case POOL_SUBMIT:
        Pools.SUBMIT.submit(settleThenUse);
        break;
      case SCHEDULED:
        Pools.SCHEDULED.schedule(() -> {
          // The delay may end before the response arrives: then still MIN_DELAY_MS after it, as for the others
          // (the client can have the response before the container has completed the request).
          TaskReports.awaitRespondedFor(key, MIN_DELAY_MS);
          useAndFile(key, use);
        }, randomDelayMs(), TimeUnit.MILLISECONDS);
        break;
      case PERIODIC: {
        AtomicBoolean ran = new AtomicBoolean();
        AtomicReference<Future<?>> self = new AtomicReference<>();
        self.set(Pools.SCHEDULED.scheduleAtFixedRate(() -> {
          if (ran.compareAndSet(false, true)) {
            TaskReports.awaitRespondedFor(key, MIN_DELAY_MS);
            useAndFile(key, use);
          }
          Future<?> f = self.get();
          if (f != null) {
            f.cancel(false);
          }
        }, randomDelayMs(), 50, TimeUnit.MILLISECONDS));
        break;
      }
      case FORK_JOIN_POOL:
        Pools.FORK_JOIN.execute(settleThenUse);
        break;
      case TIMER: {
        long delay = randomDelayMs();
        Pools.TIMERS[ThreadLocalRandom.current().nextInt(Pools.TIMERS.length)].schedule(new TimerTask() {
          @Override
          public void run() {
            TaskReports.awaitRespondedFor(key, MIN_DELAY_MS);
            useAndFile(key, use);
          }
        }, delay);
        break;
      }
      case NEW_THREAD: {
        Thread t = new Thread(settleThenUse, "it-new-thread");
        t.setDaemon(true);
        t.start();
        break;
      }
      case VIRTUAL_THREAD:
        VirtualThreads.EXECUTOR.execute(settleThenUse);
        break;
      default:
        throw new AssertionError(this);
    }
  }

  private void useAndFile(String key, Consumer<TaskReport> use) {
    TaskReport report = new TaskReport(key, this);
    try {
      use.accept(report);
    } catch (Throwable t) {
      report.failed("task", t);
    }
    TaskReports.file(report);
  }

  private static void settle(String key) {
    TaskReports.awaitRespondedFor(key, randomDelayMs());
  }

  private static long randomDelayMs() {
    return ThreadLocalRandom.current().nextInt(MIN_DELAY_MS, MAX_DELAY_MS + 1);
  }

  private static final class Pools {
    static final ExecutorService FIXED = Executors.newFixedThreadPool(16, daemon("it-fixed-"));
    static final ExecutorService SUBMIT = Executors.newFixedThreadPool(16, daemon("it-submit-"));
    static final ScheduledExecutorService SCHEDULED = Executors.newScheduledThreadPool(4, daemon("it-scheduled-"));
    /** Its tasks wait for the response: as many workers as the fixed pool, so that none waits for another. */
    static final ForkJoinPool FORK_JOIN = new ForkJoinPool(16);
    static final Timer[] TIMERS = new Timer[8];

    static {
      for (int i = 0; i < TIMERS.length; i++) {
        TIMERS[i] = new Timer("it-timer-" + i, true);
      }
    }
  }

  private static final class VirtualThreads {
    static final ExecutorService EXECUTOR = Protocol.newVirtualThreadPerTaskExecutor();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
