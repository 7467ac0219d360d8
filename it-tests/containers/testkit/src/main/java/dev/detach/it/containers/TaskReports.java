package dev.detach.it.containers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The registry detached tasks file their {@link TaskReport}s into, keyed by request; the test reads it
 * directly (the servers run in the test's JVM). The test also tells it when a request's response arrived,
 * which the tasks wait for before they use the request.
 */
public final class TaskReports {

  /** How long a task waits for its request's response before it goes ahead anyway. */
  private static final Duration RESPONSE_WAIT = Duration.ofSeconds(10);

  private static final Map<String, List<TaskReport>> BY_KEY = new ConcurrentHashMap<>();
  private static final Map<String, CountDownLatch> RESPONDED = new ConcurrentHashMap<>();
  private static final Map<String, Long> RESPONDED_AT = new ConcurrentHashMap<>();

  private TaskReports() {}

  /** The test received the response of request {@code key} (or gave up on it). */
  public static void responded(String key) {
    RESPONDED_AT.putIfAbsent(key, System.nanoTime());
    latch(key).countDown();
  }

  static boolean hasResponded(String key) {
    return latch(key).getCount() == 0;
  }

  /** Waits (bounded) until request {@code key}'s response arrived, then until {@code ms} after that. */
  static void awaitRespondedFor(String key, long ms) {
    try {
      latch(key).await(RESPONSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      Long at = RESPONDED_AT.get(key);
      long left = at == null ? ms : ms - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - at);
      if (left > 0) {
        Thread.sleep(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void file(TaskReport report) {
    BY_KEY.computeIfAbsent(report.key, k -> new CopyOnWriteArrayList<>()).add(report);
  }

  /** The reports filed so far for {@code key}. */
  public static List<TaskReport> of(String key) {
    List<TaskReport> r = BY_KEY.get(key);
    return r == null ? List.of() : new ArrayList<>(r);
  }

  /**
   * Waits (bounded) until each of {@code keys} has {@code perKey} reports; returns all reports filed for
   * them by then (fewer when some tasks did not report in time).
   */
  public static List<TaskReport> await(Collection<String> keys, int perKey, Duration wait) throws InterruptedException {
    long end = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < end && keys.stream().anyMatch(k -> of(k).size() < perKey)) {
      Thread.sleep(20);
    }
    List<TaskReport> all = new ArrayList<>();
    for (String k : keys) {
      all.addAll(of(k));
    }
    return all;
  }

  private static CountDownLatch latch(String key) {
    return RESPONDED.computeIfAbsent(key, k -> new CountDownLatch(1));
  }
}
