package dev.detach.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WeakIdentityTableTest {

  @Test
  void keysAreMatchedByIdentityNotEquality() {
    WeakIdentityTable<String> table = new WeakIdentityTable<>();
    String key = new String("task");
    table.putIfAbsent(key, "a");
    assertThat(table.get(key)).isEqualTo("a");
    assertThat(table.get(new String("task"))).isNull();
    assertThat(table.putIfAbsent(key, "b")).isEqualTo("a");
  }

  @Test
  void isEmptyFollowsEveryWayEntriesComeAndGo() {
    WeakIdentityTable<String> table = new WeakIdentityTable<>();
    assertThat(table.isEmpty()).isTrue();
    List<Object> keys = new ArrayList<>();
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    for (int i = 0; i < 200; i++) { // enough to occupy every segment and to grow some
      Object key = new Object();
      keys.add(key);
      first.add("v" + i);
      second.add("w" + i);
      table.putIfAbsent(key, first.get(i));
    }
    assertThat(table.isEmpty()).isFalse();
    assertThat(table.size()).isEqualTo(200);
    for (int i = 0; i < keys.size(); i++) {
      Object key = keys.get(i);
      assertThat(table.replace(key, "v" + i, second.get(i))).as("values are compared by identity").isFalse();
      assertThat(table.replace(key, first.get(i), second.get(i))).isTrue();
      assertThat(table.get(key)).isSameAs(second.get(i));
    }
    assertThat(table.size()).isEqualTo(200);
    for (int i = 0; i < keys.size(); i++) {
      assertThat(table.isEmpty()).isFalse();
      assertThat(table.remove(keys.get(i), first.get(i))).as("not its value any more").isFalse();
      assertThat(table.remove(keys.get(i), second.get(i))).isTrue();
      assertThat(table.remove(keys.get(i), second.get(i))).as("only one removal succeeds").isFalse();
    }
    assertThat(table.isEmpty()).isTrue();
    assertThat(table.size()).isZero();
    assertThat(table.get(keys.get(0))).isNull();
  }

  /** A reader never finds a key missing while its value is being replaced (the new entry goes in first). */
  @Test
  void aKeyStaysVisibleWhileItsValueIsReplaced() throws Exception {
    WeakIdentityTable<Object> table = new WeakIdentityTable<>();
    Object key = new Object();
    Object[] values = {new Object(), new Object()};
    table.putIfAbsent(key, values[0]);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong misses = new AtomicLong();
    AtomicLong reads = new AtomicLong();
    Thread reader = new Thread(() -> {
      while (!stop.get()) {
        if (table.get(key) == null || table.isEmpty()) {
          misses.incrementAndGet();
        }
        reads.incrementAndGet();
      }
    });
    reader.start();
    try {
      for (int i = 0; i < 300_000 || reads.get() < 100_000; i++) {
        assertThat(table.replace(key, values[i % 2], values[(i + 1) % 2])).isTrue();
      }
    } finally {
      stop.set(true);
      reader.join();
    }
    assertThat(misses.get()).as("reads that found the key missing, of %d", reads.get()).isZero();
  }

  /** A removed key can be mapped again, and the removed entries it leaves behind do not pile up. */
  @Test
  void keysComeBackAfterRemovalAndRemovedEntriesAreReclaimed() {
    WeakIdentityTable<Object> table = new WeakIdentityTable<>();
    Object key = new Object();
    for (int i = 0; i < 10_000; i++) {
      Object value = new Object();
      assertThat(table.putIfAbsent(key, value)).isNull();
      assertThat(table.get(key)).isSameAs(value);
      Object other = new Object();
      assertThat(table.putIfAbsent(new Object(), other)).isNull(); // a key that is never removed: grows segments
      assertThat(table.remove(key, value)).isTrue();
      assertThat(table.get(key)).isNull();
    }
    assertThat(table.size()).isBetween(0, 10_000); // the others' keys are garbage: some may be collected
    assertThat(table.get(key)).isNull();
  }

  /**
   * Many keys inserted by one thread (growing the segments) and removed by two others racing for each: every
   * mapping is removed exactly once, and none is found again after its removal.
   */
  @Test
  void racingRemovalsDuringGrowthTakeEachMappingOnce() throws Exception {
    WeakIdentityTable<Object> table = new WeakIdentityTable<>();
    int n = 200_000;
    Object[] keys = new Object[n];
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      keys[i] = new Object();
      values[i] = new Object();
    }
    java.util.concurrent.atomic.AtomicInteger published = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicIntegerArray removedBy = new java.util.concurrent.atomic.AtomicIntegerArray(n);
    AtomicLong foundAfterRemoval = new AtomicLong();
    Runnable remover = () -> {
      for (int i = 0; i < n; i++) {
        while (published.get() <= i) {
          Thread.onSpinWait();
        }
        Object v = table.get(keys[i]);
        if (v != null && table.remove(keys[i], v)) {
          removedBy.incrementAndGet(i);
        }
      }
    };
    Thread a = new Thread(remover);
    Thread b = new Thread(remover);
    a.start();
    b.start();
    for (int i = 0; i < n; i++) {
      assertThat(table.putIfAbsent(keys[i], values[i])).isNull();
      published.set(i + 1);
    }
    a.join();
    b.join();
    for (int i = 0; i < n; i++) {
      if (table.get(keys[i]) != null) {
        foundAfterRemoval.incrementAndGet();
      }
    }
    int notOnce = 0;
    for (int i = 0; i < n; i++) {
      if (removedBy.get(i) != 1) {
        notOnce++;
      }
    }
    assertThat(notOnce).as("mappings not removed exactly once").isZero();
    assertThat(foundAfterRemoval.get()).isZero();
    assertThat(table.size()).isZero();
    assertThat(table.isEmpty()).isTrue();
  }

  /** A mapping that stays is found by every lookup while its segment grows and is emptied around it. */
  @Test
  void aStableKeyStaysVisibleWhileItsSegmentGrows() throws Exception {
    Object key = new Object();
    Object value = new Object();
    java.util.concurrent.atomic.AtomicReference<WeakIdentityTable<Object>> current =
        new java.util.concurrent.atomic.AtomicReference<>(new WeakIdentityTable<>());
    current.get().putIfAbsent(key, value);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong misses = new AtomicLong();
    AtomicLong reads = new AtomicLong();
    Thread reader = new Thread(() -> {
      while (!stop.get()) {
        if (current.get().get(key) != value) {
          misses.incrementAndGet();
        }
        reads.incrementAndGet();
      }
    });
    reader.start();
    try {
      for (int round = 0; round < 20 || reads.get() < 100_000; round++) {
        WeakIdentityTable<Object> table = new WeakIdentityTable<>();
        table.putIfAbsent(key, value);
        current.set(table);
        List<Object> batch = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) { // each segment's array grows from 16 to 1,024 entries
          Object k = new Object();
          batch.add(k);
          table.putIfAbsent(k, k);
        }
        for (Object k : batch) {
          assertThat(table.remove(k, k)).isTrue();
        }
        assertThat(table.size()).isEqualTo(1);
      }
    } finally {
      stop.set(true);
      reader.join();
    }
    assertThat(misses.get()).as("reads that missed the stable key, of %d", reads.get()).isZero();
  }
}
