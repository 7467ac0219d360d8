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
      boolean removed = i % 2 == 0 ? table.remove(keys.get(i), second.get(i)) : table.remove(keys.get(i)) != null;
      assertThat(removed).isTrue();
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
}
