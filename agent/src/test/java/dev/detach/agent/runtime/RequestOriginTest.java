package dev.detach.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The live-read gate: detached reads of a live request, one at a time, and never next to taking the copy. */
class RequestOriginTest {

  private static final Object COPY = new Object();

  @Test
  void aLiveRequestLetsAReadThroughAndACompletedOneAnswersWithItsCopy() {
    RequestOrigin origin = new RequestOrigin();
    origin.taskQueued();
    assertThat(origin.beginLiveRead()).isNull();
    origin.endLiveRead();
    assertThat(origin.beginCompletion(1_000)).isTrue();
    origin.complete(COPY);
    origin.endCompletion(true);
    assertThat(origin.beginLiveRead()).isSameAs(COPY);
  }

  @Test
  void aSecondLiveReadWaitsForTheFirst() throws Exception {
    RequestOrigin origin = new RequestOrigin();
    origin.taskQueued();
    assertThat(origin.beginLiveRead()).isNull();
    CompletableFuture<Object> second = CompletableFuture.supplyAsync(() -> {
      Object completion = origin.beginLiveRead();
      if (completion == null) {
        origin.endLiveRead();
      }
      return "read";
    });
    assertWaiting(second);
    origin.endLiveRead();
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("read");
  }

  @Test
  void theCompletionWaitsForALiveReadAndTheReadsAfterItAnswerFromTheCopy() throws Exception {
    RequestOrigin origin = new RequestOrigin();
    origin.taskQueued();
    assertThat(origin.beginLiveRead()).isNull();
    CompletableFuture<Boolean> completion = CompletableFuture.supplyAsync(() -> {
      boolean held = origin.beginCompletion(10_000);
      origin.complete(COPY);
      origin.endCompletion(held);
      return held;
    });
    assertWaiting(completion);
    assertThat(origin.completion()).as("no copy published while the live read runs").isNull();
    origin.endLiveRead();
    assertThat(completion.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(origin.beginLiveRead()).isSameAs(COPY);
  }

  @Test
  void aReadThatWaitedForTheCompletionAnswersFromTheCopy() throws Exception {
    RequestOrigin origin = new RequestOrigin();
    origin.taskQueued();
    assertThat(origin.beginCompletion(1_000)).isTrue();
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Object> read = CompletableFuture.supplyAsync(() -> {
      started.countDown();
      return origin.beginLiveRead();
    });
    started.await();
    assertWaiting(read);
    origin.complete(COPY);
    origin.endCompletion(true);
    assertThat(read.get(10, TimeUnit.SECONDS)).isSameAs(COPY);
  }

  @Test
  void aRequestWithoutDetachedTasksCompletesWithoutTheGate() {
    RequestOrigin origin = new RequestOrigin();
    assertThat(origin.beginCompletion(1_000)).isFalse();
    origin.complete(COPY);
    origin.endCompletion(false);
    assertThat(origin.completion()).isSameAs(COPY);
  }

  @Test
  void aLiveReadThatDoesNotEndLetsTheCompletionGoOnAfterItsWait() throws Exception {
    RequestOrigin origin = new RequestOrigin();
    origin.taskQueued();
    assertThat(origin.beginLiveRead()).isNull();
    boolean held = CompletableFuture.supplyAsync(() -> origin.beginCompletion(50)).get(10, TimeUnit.SECONDS);
    assertThat(held).isFalse();
    origin.endLiveRead();
  }

  @Test
  void theGateIsReentrantForAContainerMethodThatCallsAnother() {
    RequestOrigin origin = new RequestOrigin();
    origin.taskQueued();
    assertThat(origin.beginLiveRead()).isNull();
    assertThat(origin.beginLiveRead()).isNull();
    origin.endLiveRead();
    origin.endLiveRead();
    assertThat(origin.beginCompletion(1_000)).isTrue();
    origin.endCompletion(true);
  }

  /** {@code f} has not completed within 200 ms (it waits); a bound for the test, not a timing assertion. */
  private static void assertWaiting(CompletableFuture<?> f) throws Exception {
    try {
      f.get(200, TimeUnit.MILLISECONDS);
      throw new AssertionError("did not wait: " + f.get());
    } catch (TimeoutException expected) {
      // waiting, as it should
    }
  }
}
