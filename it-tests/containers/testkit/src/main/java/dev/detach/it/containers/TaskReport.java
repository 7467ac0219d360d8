package dev.detach.it.containers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What one detached task did with a request or response object it captured: for each use (a read or a call),
 * the value it got (as a string, null for null) or the exception it got.
 */
public final class TaskReport {

  public final String key;
  public final HandOff handOff;
  public final String thread;
  /** Whether the test had received the request's response when the task began its uses. */
  public final boolean afterResponse;
  private final Map<String, String> values = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Throwable> failures = Collections.synchronizedMap(new LinkedHashMap<>());

  TaskReport(String key, HandOff handOff) {
    this.key = key;
    this.handOff = handOff;
    this.thread = Thread.currentThread().toString();
    this.afterResponse = TaskReports.hasResponded(key);
  }

  /** Records what {@code use} returned (String.valueOf, null as null), or what it threw. */
  public void use(String what, Callable<?> use) {
    try {
      Object v = use.call();
      values.put(what, v == null ? null : String.valueOf(v));
    } catch (Throwable t) {
      failed(what, t);
    }
  }

  /** Records a use that returns nothing: "done" when it did not throw. */
  public void call(String what, ThrowingRunnable call) {
    use(what, () -> {
      call.run();
      return "done";
    });
  }

  void failed(String what, Throwable t) {
    failures.put(what, t);
  }

  /** The values by use, in the order of the uses (absent: the use threw). */
  public Map<String, String> values() {
    synchronized (values) {
      return new LinkedHashMap<>(values);
    }
  }

  /** The exceptions by use. */
  public Map<String, Throwable> failures() {
    synchronized (failures) {
      return new LinkedHashMap<>(failures);
    }
  }

  /** "IllegalStateException: message" (the exception's simple class name and message). */
  public static String describe(Throwable t) {
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  @Override
  public String toString() {
    Map<String, String> f = new LinkedHashMap<>();
    failures().forEach((k, v) -> f.put(k, describe(v)));
    return key + " via " + handOff + " on " + thread + (afterResponse ? "" : " (before the response)")
        + ": " + values() + (f.isEmpty() ? "" : " failures " + f);
  }

  /** A use that returns nothing and may throw. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }
}
