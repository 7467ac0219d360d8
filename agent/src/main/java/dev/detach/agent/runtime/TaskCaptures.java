package dev.detach.agent.runtime;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * The captures of handed-off tasks, keyed by the identity of the object that the executor queues.
 *
 * <p>Keeping the capture beside the task, instead of wrapping the task, is what lets callers keep seeing
 * their own objects: {@code remove(task)}, the list {@code shutdownNow()} returns, {@code instanceof} and
 * {@code Future} identity are unchanged. Keys are weak, so a task that never runs (discarded, drained,
 * garbage) takes its capture with it.
 *
 * <p>Reads on a miss take no lock: a worker running a task that nobody captured pays a hash and a
 * volatile read. Writes lock one of a few segments.
 */
final class TaskCaptures {

  private static final int SEGMENT_BITS = 5;
  private static final Segment[] SEGMENTS = new Segment[1 << SEGMENT_BITS];
  private static final ReferenceQueue<Object> STALE = new ReferenceQueue<>();

  static {
    for (int i = 0; i < SEGMENTS.length; i++) {
      SEGMENTS[i] = new Segment();
    }
  }

  private TaskCaptures() {}

  private static final class Entry extends WeakReference<Object> {
    final int hash;
    final Captured captured;
    volatile Entry next;

    Entry(Object key, int hash, Captured captured, Entry next) {
      super(key, STALE);
      this.hash = hash;
      this.captured = captured;
      this.next = next;
    }
  }

  private static final class Segment {
    volatile Entry[] table = new Entry[16];
    volatile int count;
  }

  private static int hash(Object o) {
    int h = System.identityHashCode(o);
    return h ^ (h >>> 16);
  }

  private static Segment segmentFor(int hash) {
    return SEGMENTS[(hash >>> 7) & (SEGMENTS.length - 1)];
  }

  /**
   * Registers {@code captured} for {@code task} and returns null; when the task already has a capture,
   * changes nothing and returns that one (a sticky one stays; a one-shot one means the same object is
   * queued twice).
   */
  static Captured register(Object task, Captured captured) {
    expungeStale();
    int h = hash(task);
    Segment seg = segmentFor(h);
    synchronized (seg) {
      Entry[] tab = seg.table;
      int i = h & (tab.length - 1);
      for (Entry e = tab[i]; e != null; e = e.next) {
        if (e.hash == h && e.get() == task) {
          return e.captured;
        }
      }
      if (seg.count + 1 > tab.length * 3 / 4) {
        tab = grow(seg, tab);
        i = h & (tab.length - 1);
      }
      tab[i] = new Entry(task, h, captured, tab[i]);
      seg.table = tab; // publish
      seg.count = seg.count + 1;
      return null;
    }
  }

  /** The capture for one run of {@code task}: a one-shot capture is removed, a sticky one stays. */
  static Captured take(Object task) {
    int h = hash(task);
    Segment seg = segmentFor(h);
    if (seg.count == 0) {
      return null;
    }
    Entry found = find(seg.table, task, h);
    if (found == null) {
      return null;
    }
    Captured c = found.captured;
    if (c.sticky) {
      return c;
    }
    synchronized (seg) {
      // Only one runner may consume a one-shot capture.
      return unlink(seg, found) ? c : null;
    }
  }

  /** Forgets {@code task}'s capture: the task will not run (rejected, removed, drained). */
  static void remove(Object task) {
    int h = hash(task);
    Segment seg = segmentFor(h);
    if (seg.count == 0) {
      return;
    }
    Entry found = find(seg.table, task, h);
    if (found != null) {
      synchronized (seg) {
        unlink(seg, found);
      }
    }
  }

  /** True when nothing is registered in the segment {@code task} would be in: a cheap pre-check. */
  static boolean surelyAbsent(Object task) {
    return segmentFor(hash(task)).count == 0;
  }

  private static Entry find(Entry[] tab, Object task, int h) {
    for (Entry e = tab[h & (tab.length - 1)]; e != null; e = e.next) {
      if (e.hash == h && e.get() == task) {
        return e;
      }
    }
    return null;
  }

  // Called with the segment locked.
  private static boolean unlink(Segment seg, Entry target) {
    Entry[] tab = seg.table;
    int i = target.hash & (tab.length - 1);
    Entry prev = null;
    for (Entry e = tab[i]; e != null; prev = e, e = e.next) {
      if (e == target) {
        if (prev == null) {
          tab[i] = e.next;
        } else {
          prev.next = e.next;
        }
        seg.table = tab;
        seg.count = seg.count - 1;
        return true;
      }
    }
    return false;
  }

  // Called with the segment locked. Builds a new array so that lock-free readers see old or new, whole.
  private static Entry[] grow(Segment seg, Entry[] old) {
    Entry[] tab = new Entry[old.length * 2];
    int live = 0;
    for (Entry head : old) {
      for (Entry e = head; e != null; e = e.next) {
        Object key = e.get();
        if (key == null) {
          continue;
        }
        int i = e.hash & (tab.length - 1);
        tab[i] = new Entry(key, e.hash, e.captured, tab[i]);
        live++;
      }
    }
    seg.count = live;
    return tab;
  }

  private static void expungeStale() {
    Object ref;
    while ((ref = STALE.poll()) != null) {
      Entry e = (Entry) ref;
      Segment seg = segmentFor(e.hash);
      synchronized (seg) {
        unlink(seg, e);
      }
    }
  }

  /** How many captures are registered (for diagnostics and tests), counting uncollected stale ones. */
  static int size() {
    int n = 0;
    for (Segment s : SEGMENTS) {
      n += s.count;
    }
    return n;
  }
}
