package dev.detach.agent.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Detach's own log: one line each on stderr, prefixed {@code [detach]}. Faults inside the agent are
 * counted and reported once per place, then the application runs on.
 */
public final class AgentLog {

  /** Levels, lowest to highest verbosity; matches the {@code log.level} values. */
  public static final int OFF = 0;
  public static final int ERROR = 1;
  public static final int WARN = 2;
  public static final int INFO = 3;
  public static final int DEBUG = 4;

  private static volatile int level = INFO;
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  private AgentLog() {}

  public static void setLevel(int newLevel) {
    level = newLevel;
  }

  public static boolean enabled(int atLevel) {
    return atLevel <= level;
  }

  public static void error(String message) {
    log(ERROR, "ERROR", message);
  }

  public static void warn(String message) {
    log(WARN, "WARN", message);
  }

  public static void info(String message) {
    log(INFO, "INFO", message);
  }

  public static void debug(String message) {
    log(DEBUG, "DEBUG", message);
  }

  private static void log(int atLevel, String label, String message) {
    if (atLevel <= level) {
      System.err.println("[detach] " + label + " " + message);
    }
  }

  /**
   * Something inside the agent failed at {@code where}. Logged once per place with what to do;
   * never rethrown.
   */
  public static void fault(String where, Throwable t) {
    try {
      if (REPORTED.add(where)) {
        error("internal fault in " + where + ": " + t
            + " (the application continues; this place is reported once; please report it with this line)");
        if (level >= DEBUG) {
          t.printStackTrace();
        }
      }
    } catch (Throwable ignored) {
      // Logging must never hurt the application.
    }
  }

  /** A warning about {@code what}, logged the first time only (it would otherwise repeat per request). */
  public static void warnOnce(String what, String message) {
    try {
      if (enabled(WARN) && REPORTED.add("warning: " + what)) {
        warn(message + " (reported once)");
      }
    } catch (Throwable ignored) {
      // Logging must never hurt the application.
    }
  }

  /** Where woven advice sends a throwable it raised: the application never sees it. */
  public static void adviceFault(Throwable t) {
    fault("advice", t);
  }
}
