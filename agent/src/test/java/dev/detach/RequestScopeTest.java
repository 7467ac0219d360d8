package dev.detach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scope model as a plain library: no agent in this JVM. */
class RequestScopeTest {

  private static final RequestScope.Key<String> USER = RequestScope.key("user");
  private static final RequestScope.Key<String> TENANT = RequestScope.keyWithDefault("tenant", "none");

  @AfterEach
  void noScopeLeftOnTheTestThread() {
    assertThat(RequestScope.current()).isSameAs(RequestScope.ROOT);
  }

  @Test
  void currentIsRootWhenNothingIsAttached() {
    assertThat(RequestScope.current()).isSameAs(RequestScope.ROOT);
    assertThat(RequestScope.ROOT.get(USER)).isNull();
    assertThat(RequestScope.ROOT.get(TENANT)).isEqualTo("none");
    assertThat(RequestScope.ROOT.isCancelled()).isFalse();
  }

  @Test
  void attachMakesCurrentAndCloseRestoresThePrevious() {
    RequestScope outer = RequestScope.ROOT.withValue(USER, "alice");
    RequestScope inner = outer.withValue(USER, "bob");
    try (RequestScope.Attachment a = outer.attach()) {
      assertThat(RequestScope.current()).isSameAs(outer);
      try (RequestScope.Attachment b = inner.attach()) {
        assertThat(RequestScope.current().get(USER)).isEqualTo("bob");
      }
      assertThat(RequestScope.current()).isSameAs(outer);
    }
    assertThat(RequestScope.current()).isSameAs(RequestScope.ROOT);
  }

  @Test
  void closingAnAttachmentTwiceRestoresOnce() {
    RequestScope outer = RequestScope.ROOT.withValue(USER, "alice");
    try (RequestScope.Attachment a = outer.attach()) {
      RequestScope.Attachment b = outer.withValue(USER, "bob").attach();
      b.close();
      b.close();
      assertThat(RequestScope.current()).isSameAs(outer);
    }
  }

  @Test
  void withValueLeavesTheOriginalUnchanged() {
    RequestScope a = RequestScope.ROOT.withValue(USER, "alice");
    RequestScope b = a.withValue(USER, "bob").withValue(TENANT, "acme");
    assertThat(a.get(USER)).isEqualTo("alice");
    assertThat(a.get(TENANT)).isEqualTo("none");
    assertThat(b.get(USER)).isEqualTo("bob");
    assertThat(b.get(TENANT)).isEqualTo("acme");
    assertThat(b.keys()).containsExactly(USER, TENANT);
  }

  @Test
  void keysWithTheSameNameAreDifferentKeys() {
    RequestScope.Key<String> other = RequestScope.key("user");
    RequestScope s = RequestScope.ROOT.withValue(USER, "alice");
    assertThat(s.get(other)).isNull();
  }

  @Test
  void cancelSetsTheCauseAndRunsEachListenerOnce() {
    CancellableScope scope = RequestScope.ROOT.withValue(USER, "alice").withCancellation();
    AtomicInteger calls = new AtomicInteger();
    List<CancellationCause> seen = new ArrayList<>();
    scope.addCancelListener(s -> {
      calls.incrementAndGet();
      seen.add(s.cancellationCause());
    });
    IllegalStateException boom = new IllegalStateException("client gone");
    assertThat(scope.cancel(CancellationCause.CLIENT_DISCONNECTED, boom)).isTrue();
    assertThat(scope.cancel(CancellationCause.REQUEST_COMPLETED, null)).isFalse();
    assertThat(scope.isCancelled()).isTrue();
    assertThat(scope.cancellationCause()).isEqualTo(CancellationCause.CLIENT_DISCONNECTED);
    assertThat(scope.cancellationDetail()).isSameAs(boom);
    assertThat(calls).hasValue(1);
    assertThat(seen).containsExactly(CancellationCause.CLIENT_DISCONNECTED);
  }

  @Test
  void aListenerAddedAfterCancellationRunsAtOnce() {
    CancellableScope scope = RequestScope.ROOT.withCancellation();
    scope.cancel();
    AtomicInteger calls = new AtomicInteger();
    scope.addCancelListener(s -> calls.incrementAndGet());
    assertThat(calls).hasValue(1);
  }

  @Test
  void aThrowingListenerDoesNotStopTheOthers() {
    CancellableScope scope = RequestScope.ROOT.withCancellation();
    AtomicInteger calls = new AtomicInteger();
    scope.addCancelListener(s -> {
      throw new IllegalStateException("listener bug");
    });
    scope.addCancelListener(s -> calls.incrementAndGet());
    scope.cancel();
    assertThat(calls).hasValue(1);
  }

  @Test
  void aRemovedListenerDoesNotRun() {
    CancellableScope scope = RequestScope.ROOT.withCancellation();
    AtomicInteger calls = new AtomicInteger();
    CancelListener listener = s -> calls.incrementAndGet();
    scope.addCancelListener(listener);
    scope.removeCancelListener(listener);
    scope.cancel();
    assertThat(calls).hasValue(0);
  }

  @Test
  void cancellationFlowsFromParentToChildNotBack() {
    CancellableScope request = RequestScope.ROOT.withCancellation();
    CancellableScope child = request.withValue(USER, "alice").withCancellation();
    RequestScope sameLifetime = request.withValue(TENANT, "acme");
    child.cancel();
    assertThat(request.isCancelled()).isFalse();

    CancellableScope child2 = request.withCancellation();
    AtomicInteger told = new AtomicInteger();
    child2.addCancelListener(s -> told.incrementAndGet());
    request.cancel(CancellationCause.REQUEST_COMPLETED, null);
    assertThat(child2.cancellationCause()).isEqualTo(CancellationCause.REQUEST_COMPLETED);
    assertThat(sameLifetime.cancellationCause()).isEqualTo(CancellationCause.REQUEST_COMPLETED);
    assertThat(told).hasValue(1);
  }

  @Test
  void withValueOnACancellableScopeCanStillCancelIt() {
    CancellableScope scope = RequestScope.ROOT.withCancellation().withValue(USER, "alice");
    scope.cancel();
    assertThat(scope.isCancelled()).isTrue();
    assertThat(scope.get(USER)).isEqualTo("alice");
  }

  @Test
  void detachKeepsTheValuesAndDropsTheLifetime() {
    CancellableScope request = RequestScope.ROOT.withValue(USER, "alice").withCancellation();
    RequestScope deadlined = request.withTimeout(Duration.ofHours(1));
    RequestScope detached = deadlined.detach();
    request.cancel(CancellationCause.REQUEST_COMPLETED, null);
    assertThat(deadlined.isCancelled()).isTrue();
    assertThat(detached.isCancelled()).isFalse();
    assertThat(detached.isDetached()).isTrue();
    assertThat(detached.deadline()).isEmpty();
    assertThat(detached.get(USER)).isEqualTo("alice");
    assertThat(detached.detach()).isSameAs(detached);
    assertThat(request.isDetached()).isFalse();
    assertThat(detached.withValue(TENANT, "acme").isDetached()).isTrue();
  }

  @Test
  void aDetachedScopeKeepsNoListeners() {
    RequestScope detached = RequestScope.ROOT.withValue(USER, "alice").withCancellation().detach();
    AtomicInteger calls = new AtomicInteger();
    detached.addCancelListener(s -> calls.incrementAndGet());
    assertThat(calls).hasValue(0);
    assertThat(detached.isCancelled()).isFalse();
  }

  @Test
  void aPassedDeadlineIsSeenWithoutATimer() {
    RequestScope scope = RequestScope.ROOT.withTimeout(Duration.ofNanos(1));
    assertThat(scope.cancellationCause()).isEqualTo(CancellationCause.DEADLINE_EXCEEDED);
    assertThat(scope.timeRemaining()).hasValueSatisfying(d -> assertThat(d.isNegative()).isTrue());
    assertThatThrownBy(scope::throwIfCancelled)
        .isInstanceOf(RequestCancelledException.class)
        .satisfies(e -> assertThat(((RequestCancelledException) e).cancellationCause())
            .isEqualTo(CancellationCause.DEADLINE_EXCEEDED));
  }

  @Test
  void theDeadlineTimerTellsListeners() throws Exception {
    RequestScope scope = RequestScope.ROOT.withValue(USER, "alice").withTimeout(Duration.ofMillis(50));
    CompletableFuture<CancellationCause> told = new CompletableFuture<>();
    scope.addCancelListener(s -> told.complete(s.cancellationCause()));
    assertThat(told.get(10, TimeUnit.SECONDS)).isEqualTo(CancellationCause.DEADLINE_EXCEEDED);
  }

  @Test
  void aChildDeadlineIsTheEarlierOfItsOwnAndItsParents() {
    RequestScope parent = RequestScope.ROOT.withTimeout(Duration.ofSeconds(1));
    RequestScope child = parent.withTimeout(Duration.ofHours(1));
    assertThat(child.timeRemaining()).hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(1)));
    assertThat(RequestScope.ROOT.deadline()).isEmpty();
  }

  @Test
  void wrapCarriesTheScopeToAnotherThreadAndRestoresIt() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      RequestScope scope = RequestScope.ROOT.withValue(USER, "alice");
      CompletableFuture<String> seen = new CompletableFuture<>();
      pool.execute(scope.wrap(() -> {
        seen.complete(RequestScope.current().get(USER));
      }));
      assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("alice");
      assertThat(pool.submit(() -> RequestScope.current()).get(10, TimeUnit.SECONDS)).isSameAs(RequestScope.ROOT);
      assertThat(pool.submit(scope.wrap(() -> RequestScope.current().get(USER))).get(10, TimeUnit.SECONDS))
          .isEqualTo("alice");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void runAndCallRestoreEvenWhenTheTaskThrows() {
    RequestScope scope = RequestScope.ROOT.withValue(USER, "alice");
    assertThatThrownBy(() -> scope.run(() -> {
      throw new IllegalStateException("task failed");
    })).hasMessage("task failed");
    assertThat(RequestScope.current()).isSameAs(RequestScope.ROOT);
    assertThatThrownBy(() -> scope.call(() -> {
      throw new java.io.IOException("io");
    })).hasMessage("io");
  }

  @Test
  void cancellationIsVisibleToAWaitingThread() throws Exception {
    CancellableScope scope = RequestScope.ROOT.withCancellation();
    CountDownLatch cancelled = new CountDownLatch(1);
    scope.addCancelListener(s -> cancelled.countDown());
    Thread t = new Thread(() -> scope.cancel(CancellationCause.REQUEST_COMPLETED, null));
    t.start();
    assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    t.join();
  }

  @Test
  void toStringNamesKeysButNotValues() {
    RequestScope scope = RequestScope.ROOT.withValue(USER, "secret-alice").withCancellation().detach();
    assertThat(scope.toString()).contains("user").contains("detached").doesNotContain("secret-alice");
  }
}
