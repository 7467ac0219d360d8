package dev.detach.agent.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detach.CancellationCause;
import dev.detach.RequestInfo;
import dev.detach.RequestScope;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Request generations, with a container object Detach cannot read (no servlet API on this class path). */
class ContainerRequestsTest {

  @Test
  void aDispatchMakesTheRequestsScopeCurrentAndRestoresAfter() {
    Object request = new Object();
    Object token = ContainerRequests.dispatchStarted(request, request, null, true, true);
    RequestScope scope = RequestScope.current();
    assertThat(RequestInfo.current()).isNotNull();
    assertThat(RequestInfo.current().id()).isNotEmpty();
    ContainerRequests.dispatchEnded(token);
    assertThat(RequestScope.current()).isSameAs(RequestScope.ROOT);
    assertThat(scope.isCancelled()).isFalse();
    ContainerRequests.completed(request);
    assertThat(scope.cancellationCause()).isEqualTo(CancellationCause.REQUEST_COMPLETED);
  }

  @Test
  void aReDispatchContinuesTheSameScopeAndListenersRunOnce() {
    Object request = new Object();
    Object first = ContainerRequests.dispatchStarted(request, request, null, true, true);
    RequestScope scope = RequestScope.current();
    AtomicInteger told = new AtomicInteger();
    scope.addCancelListener(s -> told.incrementAndGet());
    ContainerRequests.dispatchEnded(first);
    Object again = ContainerRequests.dispatchStarted(request, request, null, false, true);
    assertThat(RequestScope.current()).isSameAs(scope);
    ContainerRequests.dispatchEnded(again);
    ContainerRequests.completed(request);
    ContainerRequests.completed(request);
    assertThat(told).hasValue(1);
  }

  @Test
  void aNotedCauseWinsOverRequestCompleted() {
    Object request = new Object();
    ContainerRequests.dispatchEnded(ContainerRequests.dispatchStarted(request, request, null, true, true));
    Object token = ContainerRequests.dispatchStarted(request, request, null, false, true);
    RequestScope scope = RequestScope.current();
    ContainerRequests.dispatchEnded(token);
    ContainerRequests.noteCause(request, CancellationCause.DEADLINE_EXCEEDED, null);
    ContainerRequests.noteCause(request, CancellationCause.CLIENT_DISCONNECTED, null);
    ContainerRequests.completed(request);
    assertThat(scope.cancellationCause()).isEqualTo(CancellationCause.DEADLINE_EXCEEDED);
  }

  @Test
  void theNextRequestOnAReusedObjectGetsANewScope() {
    Object reused = new Object();
    Object token = ContainerRequests.dispatchStarted(reused, reused, null, true, true);
    RequestScope alice = RequestScope.current();
    ContainerRequests.dispatchEnded(token);
    // The completion of alice's request was missed: bob's first dispatch ends it.
    token = ContainerRequests.dispatchStarted(reused, reused, null, true, true);
    RequestScope bob = RequestScope.current();
    ContainerRequests.dispatchEnded(token);
    assertThat(bob).isNotSameAs(alice);
    assertThat(alice.cancellationCause()).isEqualTo(CancellationCause.REQUEST_COMPLETED);
    assertThat(bob.isCancelled()).isFalse();
    assertThat(RequestInfo.KEY).isNotNull();
    assertThat(bob.get(RequestInfo.KEY).id()).isNotEqualTo(alice.get(RequestInfo.KEY).id());
    ContainerRequests.completed(reused);
  }

  @Test
  void aReDispatchHookOutsideALiveRequestOpensNothing() {
    Object request = new Object();
    assertThat(ContainerRequests.dispatchStarted(request, request, null, false, false)).isNull();
    assertThat(RequestScope.current()).isSameAs(RequestScope.ROOT);
  }
}
