package dev.detach.it.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.detach.RequestScope;
import dev.detach.it.support.Bounded;
import dev.detach.it.support.ChildJvm;
import dev.detach.it.support.RequestThread;
import dev.detach.it.support.ScopeView;
import dev.detach.it.support.Scopes;
import dev.detach.it.support.VirtualThreads;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

/**
 * A JDK thread-per-task executor ({@code Executors.newVirtualThreadPerTaskExecutor()}) decides the policy of
 * its threads once, at the first it starts from a request, and reuses it (a look at the stack costs more than
 * a virtual thread's start). What is reused is the policy, never a capture: each thread carries the request
 * that started it; and the user's {@code caller:} rules are still decided per call site.
 */
class ThreadPerTaskExecutorTest {

  @Test
  void eachThreadOfOneExecutorCarriesTheRequestThatStartedIt() {
    assumeTrue(VirtualThreads.available(), "virtual threads need JDK 21+");
    ExecutorService executor = VirtualThreads.newVirtualThreadPerTaskExecutor();
    try {
      for (String request : List.of("first", "second", "third")) {
        ScopeView seen = seenFromRequest(request, executor);
        assertThat(seen.requestId()).as("request id the task saw (%s)", seen).isEqualTo(request);
        assertThat(seen.detached()).as("whether its scope is detached (%s)", seen).isTrue();
      }
      CompletableFuture<ScopeView> unscoped = new CompletableFuture<>();
      RequestThread.run("unscoped", RequestScope.ROOT, () -> executor.execute(() -> unscoped.complete(ScopeView.current())));
      ScopeView probe = Bounded.get(unscoped, "the unscoped thread's task");
      assertThat(probe.isRoot()).as("a task started from no request saw %s", probe).isTrue();
    } finally {
      executor.shutdown();
    }
  }

  @Test
  void aUserCallerRuleIsDecidedForEachCallSiteOfOneExecutor() throws Exception {
    assumeTrue(VirtualThreads.available(), "virtual threads need JDK 21+");
    ChildJvm.Result result = ChildJvm.run(ThreadPerTaskCallersMain.class, List.of(
        "-Ddetach.policy.rules=kind:virtual-thread & caller:" + ThreadPerTaskCallersMain.OffCaller.class.getName()
            + " = off"));
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.linesStartingWith("FAIL ")).as(result.output()).isEmpty();
    // Both orders: the executor's first start from either call site must not decide for the other.
    assertThat(result.linesStartingWith("OK ")).as(result.output()).containsExactly(
        "OK off caller first: off", "OK other caller next: detached",
        "OK other caller first: detached", "OK off caller next: off");
  }

  private static ScopeView seenFromRequest(String requestId, ExecutorService executor) {
    CompletableFuture<ScopeView> seen = new CompletableFuture<>();
    RequestThread.run("request " + requestId, Scopes.request(requestId),
        () -> executor.execute(() -> seen.complete(ScopeView.current())));
    return Bounded.get(seen, "the task of request " + requestId);
  }
}
