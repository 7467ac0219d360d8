package dev.detach.it.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits. No test waits for ever and no test asserts how long something took: a wait that runs out
 * fails with what was awaited.
 */
public final class Bounded {

  /** How long anything that should happen may take before a test gives up on it. */
  public static final Duration WAIT = Duration.ofSeconds(10);

  /** Code that may throw, for tasks and submissions written as lambdas. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  private Bounded() {}

  /** Waits for the latch; fails naming {@code what} when it does not open in time. */
  public static void await(CountDownLatch latch, String what) {
    try {
      if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("gave up after " + WAIT.toSeconds() + " s waiting for " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }

  /** The future's value; fails naming {@code what} when it does not complete in time or failed. */
  public static <T> T get(Future<T> future, String what) {
    try {
      return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("gave up after " + WAIT.toSeconds() + " s waiting for " + what);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AssertionError) {
        throw (AssertionError) cause;
      }
      throw new AssertionError(what + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }

  /** Waits until {@code condition} holds, polling; fails naming {@code what} when it does not in time. */
  public static void until(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("gave up after " + WAIT.toSeconds() + " s waiting until " + what);
      }
      pause();
    }
  }

  /** Waits for the thread to end; fails when it does not in time. */
  public static void join(Thread thread) {
    join(thread, WAIT);
  }

  /** Waits up to {@code bound} for the thread to end; fails when it does not. */
  public static void join(Thread thread, Duration bound) {
    try {
      thread.join(bound.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + thread.getName(), e);
    }
    if (thread.isAlive()) {
      throw new AssertionError("gave up after " + bound.toSeconds() + " s waiting for thread " + thread.getName()
          + " to end; it is at " + stackOf(thread));
    }
  }

  /** Whether the future completes in time (no failure when it does not). */
  public static boolean completes(CompletableFuture<?> future) {
    try {
      future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static String stackOf(Thread thread) {
    StringBuilder b = new StringBuilder();
    for (StackTraceElement e : thread.getStackTrace()) {
      b.append("\n    at ").append(e);
    }
    return b.toString();
  }

  private static void pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
