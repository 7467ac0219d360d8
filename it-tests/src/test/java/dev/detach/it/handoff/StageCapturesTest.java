package dev.detach.it.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detach.RequestScope;
import dev.detach.it.support.Scopes;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What {@code CompletableFuture} stages made inside a scope leave in Detach's table of captures: a
 * dependent stage keeps its capture only until it fires, and the relays {@code allOf} builds (which run
 * no application code) never get one. Both are what keep a fan-out inside a request cheap; the scope the
 * stages' own code sees is the creator's all the same.
 */
class StageCapturesTest {

  private static final int STAGES = 200;

  @Test
  void aDependentStageDropsItsCaptureWhenItFires() throws Exception {
    List<CompletableFuture<Integer>> sources = new ArrayList<>();
    List<CompletableFuture<?>> dependents = new ArrayList<>();
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    int before = captures();
    try (RequestScope.Attachment ignored = Scopes.request("stages").attach()) {
      for (int i = 0; i < STAGES; i++) {
        CompletableFuture<Integer> a = new CompletableFuture<>();
        CompletableFuture<Integer> b = new CompletableFuture<>();
        sources.add(a);
        sources.add(b);
        dependents.add(a.thenApply(v -> record(seen, v)));
        dependents.add(a.thenCombine(b, (x, y) -> record(seen, x + y)));
        dependents.add(b.thenAccept(v -> record(seen, v)));
      }
    }
    assertThat(captures() - before).as("captures of the stages waiting for their sources")
        .isGreaterThanOrEqualTo(3 * STAGES);

    Thread completer = new Thread(() -> sources.forEach(f -> f.complete(1))); // a thread with no scope
    completer.start();
    completer.join(TimeUnit.SECONDS.toMillis(30));
    CompletableFuture.allOf(dependents.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);

    assertThat(seen).hasSize(3 * STAGES).containsOnly("stages");
    assertThat(captures() - before).as("captures left once every stage fired (the stages are still referenced)")
        .isLessThanOrEqualTo(0);
    assertThat(dependents).hasSize(3 * STAGES);
  }

  @Test
  void allOfRelaysGetNoCaptureAndTheStageAfterThemSeesItsCreatorsScope() throws Exception {
    List<CompletableFuture<Integer>> sources = new ArrayList<>();
    for (int i = 0; i < STAGES; i++) {
      sources.add(new CompletableFuture<>());
    }
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    int before = captures();
    CompletableFuture<Void> all;
    CompletableFuture<Void> after;
    try (RequestScope.Attachment ignored = Scopes.request("fan-out").attach()) {
      all = CompletableFuture.allOf(sources.toArray(new CompletableFuture<?>[0]));
      assertThat(captures() - before).as("captures of allOf's relays").isZero();
      after = all.thenRun(() -> seen.add(RequestScope.current().get(Scopes.REQUEST_ID)));
      assertThat(captures() - before).as("captures after allOf(..).thenRun").isEqualTo(1);
    }

    Thread completer = new Thread(() -> sources.forEach(f -> f.complete(1)));
    completer.start();
    completer.join(TimeUnit.SECONDS.toMillis(30));
    after.get(30, TimeUnit.SECONDS);

    assertThat(seen).containsExactly("fan-out");
    assertThat(captures() - before).isLessThanOrEqualTo(0);
    assertThat(all).isDone();
  }

  private static Integer record(List<String> seen, Integer value) {
    seen.add(RequestScope.current().get(Scopes.REQUEST_ID));
    return value;
  }

  private static void record(List<String> seen, Object value) {
    seen.add(RequestScope.current().get(Scopes.REQUEST_ID));
  }

  /** How many tasks have captures in the agent's table (the agent's internal count, read reflectively). */
  private static int captures() throws Exception {
    Class<?> table = Class.forName("dev.detach.agent.runtime.TaskCaptures", true, null);
    Method size = table.getDeclaredMethod("size");
    size.setAccessible(true);
    return (Integer) size.invoke(null);
  }
}
