package dev.detach.bench.memory;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * A class histogram of the live heap, as {@code jcmd PID GC.class_histogram} prints it: exact bytes of the
 * objects a full collection left, per class. Two of them, before and after some objects were made to wait,
 * give the bytes each one retains.
 */
public final class Histogram {
  /** Bytes by class name. */
  private final Map<String, Long> bytes;
  private final long total;

  private Histogram(Map<String, Long> bytes, long total) {
    this.bytes = bytes;
    this.total = total;
  }

  /** This JVM's live heap (after a full collection). */
  public static Histogram ofThisJvm() {
    try {
      return parse((String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()}));
    } catch (Exception e) {
      throw new IllegalStateException("no class histogram: " + e, e);
    }
  }

  /** Parses the text of {@code GC.class_histogram}. */
  public static Histogram parse(String text) {
    Map<String, Long> bytes = new HashMap<>();
    long total = -1;
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) {
        bytes.merge(f[3], Long.parseLong(f[2]), Long::sum);
      } else if (f.length >= 3 && f[0].equals("Total")) {
        total = Long.parseLong(f[2]);
      }
    }
    if (total < 0) {
      throw new IllegalArgumentException("not a class histogram: " + text.substring(0, Math.min(200, text.length())));
    }
    return new Histogram(bytes, total);
  }

  public long totalBytes() {
    return total;
  }

  /**
   * The classes whose bytes grew most from {@code before} to this one, as {@code name +bytes}, at most
   * {@code limit} of them, largest first.
   */
  public List<String> grownSince(Histogram before, int limit) {
    List<Map.Entry<String, Long>> grown = new ArrayList<>();
    for (Map.Entry<String, Long> e : bytes.entrySet()) {
      long delta = e.getValue() - before.bytes.getOrDefault(e.getKey(), 0L);
      if (delta > 0) {
        grown.add(Map.entry(e.getKey(), delta));
      }
    }
    grown.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : grown.subList(0, Math.min(limit, grown.size()))) {
      out.add(e.getKey() + " +" + e.getValue());
    }
    return out;
  }
}
