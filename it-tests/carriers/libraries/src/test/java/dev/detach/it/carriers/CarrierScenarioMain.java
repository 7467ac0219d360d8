package dev.detach.it.carriers;

import dev.detach.CancellableScope;
import dev.detach.it.support.Bounded;
import dev.detach.it.support.Gate;
import dev.detach.it.support.RequestThread;
import dev.detach.it.support.Scopes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs in a JVM that {@link ContextCarriersTest} starts, with or without the agent. For each hand-off: the
 * pool's workers get contexts of their own; a request thread puts the request's MDC, ThreadContext, gRPC
 * Context and tenant on itself, hands a task off, then ends the request (clears all, cancels its gRPC
 * context and its scope); only then does the task look. Prints {@code SEEN name | expected=ID; what the
 * task saw}, then for pools {@code AFTER name | what each worker sees after the task}, and {@code DONE}.
 * Arguments, if any, name the hand-offs to run.
 */
public final class CarrierScenarioMain {

  private CarrierScenarioMain() {}

  public static void main(String[] args) {
    List<String> only = List.of(args);
    int request = 0;
    for (CarrierHandoff handoff : CarrierHandoff.all()) {
      if (!only.isEmpty() && !only.contains(handoff.name())) {
        handoff.close();
        continue;
      }
      String requestId = "req-" + (++request);
      try {
        run(handoff, requestId);
      } catch (Throwable t) {
        System.out.println("ERROR " + handoff.name() + " | " + t);
        t.printStackTrace(System.out);
      } finally {
        handoff.close();
      }
    }
    System.out.println("DONE");
    System.exit(0);
  }

  private static void run(CarrierHandoff handoff, String requestId) throws Exception {
    onEachWorker(handoff, () -> {
      ThreadContexts.primeWorker();
      return null;
    });
    Gate requestEnded = new Gate("request " + requestId + " ended");
    CompletableFuture<Map<String, String>> seen = new CompletableFuture<>();
    CancellableScope scope = Scopes.request(requestId);
    RequestThread.run("request " + requestId, scope, () -> {
      try (ThreadContexts.OnRequestThread ignored = new ThreadContexts.OnRequestThread(requestId)) {
        handoff.submit(() -> {
          try {
            requestEnded.pass();
            seen.complete(ThreadContexts.observe());
          } catch (Throwable t) {
            seen.completeExceptionally(t);
          }
        });
      }
    });
    scope.cancel();
    requestEnded.open();
    System.out.println("SEEN " + handoff.name() + " | expected=" + requestId + "; "
        + ThreadContexts.render(Bounded.get(seen, "the task of " + handoff.name())));
    for (Map<String, String> after : onEachWorker(handoff, ThreadContexts::observe)) {
      System.out.println("AFTER " + handoff.name() + " | " + ThreadContexts.render(after));
    }
  }

  /**
   * Runs {@code action} once on each of the pool's workers, from this unscoped thread: as many tasks as
   * workers, held at a barrier until all run at once, so each worker takes one.
   */
  private static <T> List<T> onEachWorker(CarrierHandoff handoff, Supplier<T> action) throws Exception {
    int n = handoff.workers();
    CyclicBarrier together = new CyclicBarrier(Math.max(n, 1));
    List<CompletableFuture<T>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      CompletableFuture<T> result = new CompletableFuture<>();
      results.add(result);
      handoff.submit(() -> {
        try {
          together.await(Bounded.WAIT.toMillis(), TimeUnit.MILLISECONDS);
          result.complete(action.get());
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
    }
    List<T> all = new ArrayList<>();
    for (CompletableFuture<T> result : results) {
      all.add(Bounded.get(result, "a worker of " + handoff.name()));
    }
    return all;
  }
}
