package dev.detach.it.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
  /** {@code CompletableFuture.runAsync(task)}: the common pool (the lines' JVMs set its parallelism, see the pom). */
  RUN_ASYNC,
  /** {@code supplyAsync(.., pool)} then a dependent {@code thenAcceptAsync(.., pool)} stage that does the reading. */
  SUPPLY_THEN_DEPENDENT_STAGE,
  /** {@code ScheduledExecutorService.schedule} with the 50 to 250 ms as its delay. */
  SCHEDULED,
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
      case SCHEDULED:
        Pools.SCHEDULED.schedule(() -> {
          // The delay may end before the response arrives: then still MIN_DELAY_MS after it, as for the others
          // (the client can have the response before the container has completed the request).
          TaskReports.awaitRespondedFor(key, MIN_DELAY_MS);
          useAndFile(key, use);
        }, randomDelayMs(), TimeUnit.MILLISECONDS);
        break;
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
    static final ScheduledExecutorService SCHEDULED = Executors.newScheduledThreadPool(4, daemon("it-scheduled-"));
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
