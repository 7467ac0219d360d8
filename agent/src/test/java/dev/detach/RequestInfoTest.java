package dev.detach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestInfoTest {

  @Test
  void anIdTheRequestNamedIsKept() {
    RequestInfo info = new RequestInfo("abc-123", "GET", "/x", null, "127.0.0.1", Map.of(), null);

    assertThat(info.id()).isEqualTo("abc-123");
  }

  @Test
  void aGeneratedIdIsMadeOnceWhicheverThreadReadsItFirst() throws Exception {
    ExecutorService readers = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 200; round++) {
        RequestInfo info = new RequestInfo(null, "GET", "/x", null, "127.0.0.1", Map.of(), null);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
          readers.execute(() -> {
            try {
              start.await();
              seen.add(info.id());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              done.countDown();
            }
          });
        }
        start.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(1);
        assertThat(info.id()).isEqualTo(seen.iterator().next()).isNotBlank();
      }
    } finally {
      readers.shutdownNow();
    }
  }

  @Test
  void generatedIdsDiffer() {
    RequestInfo a = new RequestInfo(null, "GET", "/a", null, null, Map.of(), null);
    RequestInfo b = new RequestInfo(null, "GET", "/b", null, null, Map.of(), null);

    assertThat(a.id()).isNotEqualTo(b.id());
  }
}
