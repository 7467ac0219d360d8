package dev.detach.it.containers;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test side of the agent's test-only pause hook ({@code dev.detach.agent.testhook.PausePoints}): the line's
 * JVM names container methods in {@code -Ddev.detach.test.pause-at} (the middle of the container's lazy parse of
 * query parameters, of cookies); a test arms one pause for a kind of thread, and the first such thread to enter
 * the method waits there until the test releases it. Test and agent talk through system properties.
 *
 * <p>Each line also tells which of its pause points parses what: {@code it.pause.parameter} and
 * {@code it.pause.cookie} ({@code class#method}, the same as in {@code pause-at}); empty when the line has no
 * lazy parse of that kind.
 */
public final class LivePauses {

  private static final String ARM = "dev.detach.test.pause.arm";
  private static final String REACHED = "dev.detach.test.pause.reached";
  private static final String RELEASE = "dev.detach.test.pause.release";

  /** The first thread that runs a detached task. */
  public static final String DETACHED_TASK = "detached-task";
  /** The first thread that takes a request's copy at completion (the container's). */
  public static final String COPY = "copy";

  /** What the race handler's tasks read, by request key. */
  private static final Map<String, CompletableFuture<String>> RESULTS = new ConcurrentHashMap<>();

  private LivePauses() {}

  /** The line's pause point in the lazy parse of {@code read} ("parameter", "cookie"), or null when it has none. */
  public static String point(String read) {
    String p = System.getProperty("it.pause." + read, "").trim();
    return p.isEmpty() ? null : p;
  }

  /** Whether the agent was started with {@code point} among its pause points. */
  public static boolean agentPauses(String point) {
    String all = System.getProperty("dev.detach.test.pause-at", "");
    for (String p : all.split(",")) {
      if (p.trim().equals(point)) {
        return true;
      }
    }
    return false;
  }

  /** Arms one pause: the first thread of {@code kind} to enter {@code point} ({@code class#method}) waits there. */
  public static void arm(String kind, String point) {
    reset();
    System.setProperty(ARM, kind + " " + point);
  }

  /** Waits (at most {@code wait}) until a thread paused; where and on which thread, or null. */
  public static String awaitReached(Duration wait) {
    long end = System.nanoTime() + wait.toNanos();
    String reached;
    while ((reached = System.getProperty(REACHED)) == null && System.nanoTime() - end < 0) {
      sleep(1);
    }
    return reached;
  }

  /** Lets the paused thread go on. */
  public static void release() {
    System.setProperty(RELEASE, "true");
  }

  /** Disarms, and forgets an earlier pause. */
  public static void reset() {
    System.clearProperty(ARM);
    System.clearProperty(REACHED);
    System.clearProperty(RELEASE);
  }

  /** What the race handler reports for request {@code key}. */
  public static CompletableFuture<String> result(String key) {
    return RESULTS.computeIfAbsent(key, k -> new CompletableFuture<>());
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
