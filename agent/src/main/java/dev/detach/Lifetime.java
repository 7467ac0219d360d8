package dev.detach;

import java.util.ArrayList;
import java.util.List;

/**
 * The cancellation half of a scope: a cause once cancelled, an optional deadline, the listeners to tell,
 * and the parent whose cancellation this lifetime follows. Values live in {@link RequestScope}; scopes
 * made by {@code withValue} share their lifetime.
 */
final class Lifetime {

  /** A lifetime that never ends: the root's and every detached scope's. */
  static final Lifetime NEVER = new Lifetime(null, false, 0L);

  /** Told once when a lifetime ends. */
  interface Observer {
    void ended(Lifetime lifetime);
  }

  /** A cancellation that happened: its cause and optional detail. */
  static final class Ended {
    final CancellationCause cause;
    final Throwable detail;

    Ended(CancellationCause cause, Throwable detail) {
      this.cause = cause;
      this.detail = detail;
    }
  }

  private final Lifetime parent;
  private final boolean hasDeadline;
  private final long deadlineNanos;
  private volatile Ended ended;
  private List<Observer> observers; // guarded by this; null once ended
  private boolean timerScheduled; // guarded by this

  private Lifetime(Lifetime parent, boolean hasDeadline, long deadlineNanos) {
    this.parent = parent;
    this.hasDeadline = hasDeadline;
    this.deadlineNanos = deadlineNanos;
  }

  /** A lifetime that ends when {@code parent} ends, when cancelled, or at the deadline if one is given. */
  static Lifetime childOf(Lifetime parent, boolean hasDeadline, long deadlineNanos) {
    Lifetime child = new Lifetime(parent == NEVER ? null : parent, hasDeadline, deadlineNanos);
    if (child.parent != null) {
      child.parent.addObserver(child::parentEnded);
    }
    return child;
  }

  private void parentEnded(Lifetime p) {
    Ended e = p.ended;
    end(e.cause, e.detail);
  }

  /** The cancellation, or null while the lifetime runs. Checks a deadline that no timer has fired yet. */
  Ended ended() {
    Ended e = ended;
    if (e != null || this == NEVER) {
      return e;
    }
    if (hasDeadline && System.nanoTime() - deadlineNanos >= 0) {
      end(CancellationCause.DEADLINE_EXCEEDED, null);
      return ended;
    }
    if (parent != null) {
      Ended p = parent.ended();
      if (p != null) {
        end(p.cause, p.detail);
        return ended;
      }
    }
    return null;
  }

  /** The earliest deadline of this lifetime and its parents, as {@link System#nanoTime()}; or {@code Long.MIN_VALUE}. */
  long effectiveDeadlineNanos() {
    long best = Long.MIN_VALUE;
    boolean found = false;
    for (Lifetime l = this; l != null; l = l.parent) {
      if (l.hasDeadline && (!found || l.deadlineNanos - best < 0)) {
        best = l.deadlineNanos;
        found = true;
      }
    }
    return best;
  }

  boolean hasEffectiveDeadline() {
    for (Lifetime l = this; l != null; l = l.parent) {
      if (l.hasDeadline) {
        return true;
      }
    }
    return false;
  }

  /**
   * Ends this lifetime. Returns true when this call ended it; observers run on this thread, once.
   */
  boolean end(CancellationCause cause, Throwable detail) {
    if (this == NEVER) {
      return false;
    }
    List<Observer> toTell;
    synchronized (this) {
      if (ended != null) {
        return false;
      }
      ended = new Ended(cause, detail);
      toTell = observers;
      observers = null;
    }
    if (toTell != null) {
      for (Observer o : toTell) {
        try {
          o.ended(this);
        } catch (Throwable t) {
          ListenerFailures.report(t);
        }
      }
    }
    return true;
  }

  /** Adds an observer; when the lifetime has already ended it runs now, on this thread. */
  void addObserver(Observer observer) {
    if (this == NEVER) {
      return;
    }
    boolean runNow;
    boolean schedule = false;
    synchronized (this) {
      runNow = ended != null;
      if (!runNow) {
        if (observers == null) {
          observers = new ArrayList<>(2);
        }
        observers.add(observer);
        if (hasDeadline && !timerScheduled) {
          timerScheduled = true;
          schedule = true;
        }
      }
    }
    if (runNow) {
      observer.ended(this);
    } else {
      if (schedule) {
        DeadlineTimer.schedule(this, deadlineNanos);
      }
      // A deadline or a parent may have ended us before the observer was in place.
      ended();
    }
  }

  void removeObserver(Observer observer) {
    synchronized (this) {
      if (observers != null) {
        observers.remove(observer);
      }
    }
  }

  /** Called by the deadline timer. */
  void deadlineReached() {
    end(CancellationCause.DEADLINE_EXCEEDED, null);
  }
}
