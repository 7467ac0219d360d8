package dev.detach;

import java.util.PriorityQueue;

/**
 * One daemon thread that ends lifetimes whose deadline passed and who have someone to tell. Lifetimes
 * without observers are checked lazily when read, so most deadlines never reach this queue.
 * Deliberately not an executor: executors are what the agent instruments.
 */
final class DeadlineTimer {

  private static final class Entry implements Comparable<Entry> {
    final long dueNanos;
    final Lifetime lifetime;

    Entry(long dueNanos, Lifetime lifetime) {
      this.dueNanos = dueNanos;
      this.lifetime = lifetime;
    }

    @Override
    public int compareTo(Entry o) {
      return Long.compare(dueNanos - o.dueNanos, 0);
    }
  }

  private static final PriorityQueue<Entry> QUEUE = new PriorityQueue<>();
  private static Thread thread; // guarded by QUEUE

  private DeadlineTimer() {}

  static void schedule(Lifetime lifetime, long dueNanos) {
    synchronized (QUEUE) {
      QUEUE.add(new Entry(dueNanos, lifetime));
      if (thread == null) {
        thread = new TimerThread();
        thread.start();
      }
      QUEUE.notifyAll();
    }
  }

  /** The timer's own thread. Its class lives in our package, so the agent never carries a scope into it. */
  static final class TimerThread extends Thread {
    TimerThread() {
      super(null, null, "detach-deadline-timer", 0, false);
      setDaemon(true);
    }

    @Override
    public void run() {
      while (true) {
        Entry due;
        synchronized (QUEUE) {
          Entry head = QUEUE.peek();
          long now = System.nanoTime();
          if (head == null || head.dueNanos - now > 0) {
            try {
              if (head == null) {
                QUEUE.wait();
              } else {
                long waitNanos = head.dueNanos - now;
                QUEUE.wait(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
              }
            } catch (InterruptedException e) {
              // A daemon timer has nothing to clean up; keep serving deadlines.
            }
            continue;
          }
          due = QUEUE.poll();
        }
        try {
          due.lifetime.deadlineReached();
        } catch (Throwable t) {
          ListenerFailures.report(t);
        }
      }
    }
  }
}
