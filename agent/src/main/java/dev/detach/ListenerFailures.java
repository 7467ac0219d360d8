package dev.detach;

import java.util.concurrent.atomic.AtomicBoolean;

/** A cancel listener threw: say so once on stderr, never into the cancelling thread. */
final class ListenerFailures {
  private static final AtomicBoolean REPORTED = new AtomicBoolean();

  private ListenerFailures() {}

  static void report(Throwable t) {
    if (REPORTED.compareAndSet(false, true)) {
      System.err.println("[detach] WARN a cancel listener threw " + t
          + " (reported once; later listener failures are ignored)");
    }
  }
}
