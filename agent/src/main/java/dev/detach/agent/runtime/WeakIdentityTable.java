package dev.detach.agent.runtime;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * A concurrent map from object identity to a value, holding its keys weakly: the objects the agent
 * annotates (queued tasks, container requests) belong to the application and must be free to go.
 *
 * <p>Lookups that miss take no lock: a worker running a task nobody captured pays a hash and two
 * volatile reads, and while the table is empty one volatile read and no hash (an object's first identity
 * hash is written into its header: a cost worth sparing the tasks of an application with no request in
 * flight). Writes lock one of a few segments. No dependency outside java.base: this lives on the boot
 * class path.
 */
public final class WeakIdentityTable<V> {

  private static final int SEGMENTS = 32;

  private final Segment<V>[] segments;
  private final ReferenceQueue<Object> stale = new ReferenceQueue<>();
  /**
   * How many segments hold entries. Changed only when a segment's count goes from or to zero (under that
   * segment's lock), so a busy table does not make every write contend on it. It goes up before the
   * entry that made a segment occupied is published, so a reader that can see the entry sees it non-zero.
   */
  private volatile int occupiedSegments;
  private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<WeakIdentityTable> OCCUPIED =
      java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(WeakIdentityTable.class, "occupiedSegments");

  @SuppressWarnings("unchecked")
  public WeakIdentityTable() {
    segments = new Segment[SEGMENTS];
    for (int i = 0; i < SEGMENTS; i++) {
      segments[i] = new Segment<>();
    }
  }

  private static final class Entry<V> extends WeakReference<Object> {
    final int hash;
    final V value;
    volatile Entry<V> next;

    Entry(Object key, int hash, V value, Entry<V> next, ReferenceQueue<Object> queue) {
      super(key, queue);
      this.hash = hash;
      this.value = value;
      this.next = next;
    }
  }

  /**
   * A lock, not a monitor: a virtual thread that blocks on a monitor on JDK 21 pins its carrier, and
   * the carriers of the virtual-thread scheduler run this code too (ForkJoinTask.doExec).
   */
  private static final class Segment<V> extends java.util.concurrent.locks.ReentrantLock {
    private static final long serialVersionUID = 1L;
    transient volatile Entry<V>[] table = newTable(16);
    transient volatile int count;
  }

  @SuppressWarnings("unchecked")
  private static <V> Entry<V>[] newTable(int size) {
    return new Entry[size];
  }

  private static int hash(Object o) {
    int h = System.identityHashCode(o);
    return h ^ (h >>> 16);
  }

  /**
   * The segment from the hash's high bits (identity hashes have 31), the bucket within it from the low
   * bits: sharing bits would leave most of a large segment's buckets unused and its chains long.
   */
  private Segment<V> segmentFor(int hash) {
    return segments[(hash >>> 26) & (SEGMENTS - 1)];
  }

  /** Maps {@code key} to {@code value} and returns null; if {@code key} is already mapped, returns that value and changes nothing. */
  public V putIfAbsent(Object key, V value) {
    expungeStale();
    int h = hash(key);
    Segment<V> seg = segmentFor(h);
    seg.lock();
    try {
      Entry<V>[] tab = seg.table;
      int i = h & (tab.length - 1);
      for (Entry<V> e = tab[i]; e != null; e = e.next) {
        if (e.hash == h && e.get() == key) {
          return e.value;
        }
      }
      if (seg.count + 1 > tab.length * 3 / 4) {
        tab = grow(seg, tab);
        i = h & (tab.length - 1);
      }
      setCount(seg, seg.count + 1);
      tab[i] = new Entry<>(key, h, value, tab[i], stale);
      seg.table = tab; // publish
      return null;
    } finally {
      seg.unlock();
    }
  }

  /** Whether the table has no entries (stale ones not yet expunged count as entries). */
  public boolean isEmpty() {
    return occupiedSegments == 0;
  }

  /** The value for {@code key}, or null. Takes no lock. */
  public V get(Object key) {
    if (isEmpty()) {
      return null;
    }
    int h = hash(key);
    Segment<V> seg = segmentFor(h);
    if (seg.count == 0) {
      return null;
    }
    Entry<V> e = find(seg.table, key, h);
    return e == null ? null : e.value;
  }

  /** Removes {@code key} if it maps to exactly {@code value}; true when this call removed it (only one caller can). */
  public boolean remove(Object key, V value) {
    int h = hash(key);
    Segment<V> seg = segmentFor(h);
    if (seg.count == 0) {
      return false;
    }
    seg.lock();
    try {
      Entry<V> e = find(seg.table, key, h);
      return e != null && e.value == value && unlink(seg, e);
    } finally {
      seg.unlock();
    }
  }

  /**
   * Replaces {@code key}'s mapping to exactly {@code expected} by {@code replacement} (null: removes it).
   * True when this call did it; false when the mapping was something else by then.
   */
  public boolean replace(Object key, V expected, V replacement) {
    if (replacement == null) {
      return remove(key, expected);
    }
    int h = hash(key);
    Segment<V> seg = segmentFor(h);
    seg.lock();
    try {
      Entry<V> e = find(seg.table, key, h);
      if (e == null || e.value != expected) {
        return false;
      }
      // Entries are immutable for lock-free readers: the new one goes in ahead of the old one, which then
      // goes, so that a reader finds one or the other all along (and the segment never looks empty).
      Entry<V>[] tab = seg.table;
      int i = h & (tab.length - 1);
      setCount(seg, seg.count + 1);
      tab[i] = new Entry<>(key, h, replacement, tab[i], stale);
      seg.table = tab;
      unlink(seg, e);
      return true;
    } finally {
      seg.unlock();
    }
  }

  /** How many mappings there are (for diagnostics and tests), counting uncollected stale ones. */
  public int size() {
    int n = 0;
    for (Segment<V> s : segments) {
      n += s.count;
    }
    return n;
  }

  private static <V> Entry<V> find(Entry<V>[] tab, Object key, int h) {
    for (Entry<V> e = tab[h & (tab.length - 1)]; e != null; e = e.next) {
      if (e.hash == h && e.get() == key) {
        return e;
      }
    }
    return null;
  }

  // Called with the segment locked.
  private boolean unlink(Segment<V> seg, Entry<V> target) {
    Entry<V>[] tab = seg.table;
    int i = target.hash & (tab.length - 1);
    Entry<V> prev = null;
    for (Entry<V> e = tab[i]; e != null; prev = e, e = e.next) {
      if (e == target) {
        if (prev == null) {
          tab[i] = e.next;
        } else {
          prev.next = e.next;
        }
        seg.table = tab;
        setCount(seg, seg.count - 1);
        return true;
      }
    }
    return false;
  }

  // Called with the segment locked. Builds a new array so that lock-free readers see the old or the new one, whole.
  private Entry<V>[] grow(Segment<V> seg, Entry<V>[] old) {
    Entry<V>[] tab = newTable(old.length * 2);
    int live = 0;
    for (Entry<V> head : old) {
      for (Entry<V> e = head; e != null; e = e.next) {
        Object key = e.get();
        if (key == null) {
          continue;
        }
        int i = e.hash & (tab.length - 1);
        tab[i] = new Entry<>(key, e.hash, e.value, tab[i], stale);
        live++;
      }
    }
    setCount(seg, live);
    return tab;
  }

  // Called with the segment locked.
  private void setCount(Segment<V> seg, int count) {
    int before = seg.count;
    if (before == 0 && count > 0) {
      OCCUPIED.incrementAndGet(this);
    }
    seg.count = count;
    if (before > 0 && count == 0) {
      OCCUPIED.decrementAndGet(this);
    }
  }

  @SuppressWarnings("unchecked")
  private void expungeStale() {
    Object ref;
    while ((ref = stale.poll()) != null) {
      Entry<V> e = (Entry<V>) ref;
      Segment<V> seg = segmentFor(e.hash);
      seg.lock();
      try {
        unlink(seg, e);
      } finally {
        seg.unlock();
      }
    }
  }
}
