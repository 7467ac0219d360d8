package dev.detach.it.carriers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detach.it.support.ChildJvm;
import dev.detach.it.support.VirtualThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SLF4J MDC, Log4j 2 ThreadContext, gRPC Context and a configured thread local in tasks handed off from a
 * request and looking only after the request ended ({@link CarrierScenarioMain}), in a JVM with the agent
 * and, as the control, in one without it.
 */
class ContextCarriersTest {

  private static final String TENANT = "-Ddetach.carry.thread-locals=dev.detach.it.carriers.TenantContext#CURRENT";
  /** So that CompletableFuture.runAsync runs on the common pool, not on a thread per task (2-core machines). */
  private static final String COMMON_POOL = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2";

  private static final List<String> CONTEXTS = List.of("mdc", "log4j2", "log4j2.stack", "grpc", "tenant");

  @Test
  void eachContextIsTheRequestsInTheTaskAndTheWorkersOwnAfterIt() throws Exception {
    Scenario s = Scenario.run(true, List.of(TENANT, COMMON_POOL));
    assertThat(s.seen.keySet()).as(s.output()).containsExactlyElementsOf(expectedHandoffs());
    assertContexts(s, true);
    s.seen.forEach((handoff, seen) -> {
      assertThat(seen.get("scope")).as(handoff).isEqualTo(seen.get("expected"));
      assertThat(seen.get("mdc.worker.own")).as("the worker's own MDC is replaced, not merged: " + handoff).isNull();
      assertThat(seen.get("grpc.cancelled")).as("a fork of the request's gRPC context: " + handoff).isEqualTo("false");
    });
    assertWorkersAsPrimed(s);
    assertThat(s.after).as("pooled hand-offs checked after their task").containsKeys(
        "ThreadPoolExecutor.execute", "ScheduledThreadPoolExecutor.schedule", "CompletableFuture.runAsync",
        "CompletableFuture.runAsync(pool).thenRunAsync(pool)");
  }

  @Test
  void withoutTheAgentNoTaskSeesTheRequestsContexts() throws Exception {
    Scenario s = Scenario.run(false, List.of(COMMON_POOL));
    assertThat(s.seen.keySet()).as(s.output()).containsExactlyElementsOf(expectedHandoffs());
    assertContexts(s, false);
    // Pool tasks see the worker's leftovers instead: the failure the agent fixes.
    assertThat(s.seen.get("ThreadPoolExecutor.execute").get("mdc")).isEqualTo(ThreadContexts.WORKER);
    assertWorkersAsPrimed(s);
  }

  @Test
  void carryLibrariesEmptyCarriesOnlyTheConfiguredThreadLocal() throws Exception {
    Scenario s = Scenario.run(true, List.of(TENANT, "-Ddetach.carry.libraries="), "ThreadPoolExecutor.execute");
    Map<String, String> seen = s.seen.get("ThreadPoolExecutor.execute");
    assertThat(seen).as(s.output()).containsEntry("tenant", seen.get("expected"))
        .containsEntry("mdc", ThreadContexts.WORKER).containsEntry("log4j2", ThreadContexts.WORKER)
        .containsEntry("grpc", ThreadContexts.WORKER);
    assertThat(s.result.detachLines()).as(s.output()).anyMatch(l -> l.contains("; carrying dev.detach.it.carriers"
        + ".TenantContext#CURRENT;"));
    assertWorkersAsPrimed(s);
  }

  @Test
  void carryLibrariesChoosesTheLibraries() throws Exception {
    Scenario s = Scenario.run(true, List.of("-Ddetach.carry.libraries=mdc,grpc"), "ThreadPoolExecutor.execute");
    Map<String, String> seen = s.seen.get("ThreadPoolExecutor.execute");
    assertThat(seen).as(s.output()).containsEntry("mdc", seen.get("expected"))
        .containsEntry("grpc", seen.get("expected"))
        .containsEntry("log4j2", ThreadContexts.WORKER).containsEntry("tenant", ThreadContexts.WORKER);
    assertWorkersAsPrimed(s);
  }

  @Test
  void underPropagateTheTaskRunsInTheRequestsOwnGrpcContext() throws Exception {
    Scenario s = Scenario.run(true, List.of(TENANT, "-Ddetach.policy.default=propagate"), "ThreadPoolExecutor.execute",
        "new Thread(task).start()");
    assertContexts(s, true);
    s.seen.forEach((handoff, seen) -> {
      assertThat(seen.get("grpc.cancelled")).as("the request's own, cancelled context: " + handoff).isEqualTo("true");
    });
    assertWorkersAsPrimed(s);
  }

  @Test
  void underPolicyOffNothingIsCarried() throws Exception {
    Scenario s = Scenario.run(true, List.of(TENANT, "-Ddetach.policy.default=off"), "ThreadPoolExecutor.execute",
        "new Thread(task).start()");
    assertContexts(s, false);
  }

  @Test
  void aFieldThatIsNotAStaticThreadLocalIsReportedOnceAndIgnored() throws Exception {
    String entries = "dev.detach.it.carriers.TenantContext#NAME,dev.detach.it.carriers.TenantContext#CURRENT,"
        + "dev.detach.it.carriers.TenantContext#MISSING";
    Scenario s = Scenario.run(true, List.of("-Ddetach.carry.thread-locals=" + entries), "ThreadPoolExecutor.execute",
        "new Thread(task).start()");
    assertThat(s.result.linesStartingWith("[detach] WARN carry.thread-locals")).as(s.output()).containsExactly(
        "[detach] WARN carry.thread-locals: dev.detach.it.carriers.TenantContext#NAME is not a static ThreadLocal"
            + " field (it is a static java.lang.String); ignored",
        "[detach] WARN carry.thread-locals: dev.detach.it.carriers.TenantContext#MISSING:"
            + " dev.detach.it.carriers.TenantContext has no field MISSING; ignored");
    s.seen.forEach((handoff, seen) ->
        assertThat(seen.get("tenant")).as(handoff + "\n" + s.output()).isEqualTo(seen.get("expected")));
  }

  /** In every task, each context is the request's ({@code carried}), or is not. */
  private static void assertContexts(Scenario s, boolean carried) {
    s.seen.forEach((handoff, seen) -> {
      for (String context : CONTEXTS) {
        String description = String.format("%s in the task of %s\n%s", context, handoff, s.output());
        if (carried) {
          assertThat(seen.get(context)).as(description).isEqualTo(seen.get("expected"));
        } else {
          assertThat(seen.get(context)).as(description).isNotEqualTo(seen.get("expected"));
        }
      }
    });
  }

  /**
   * After each pooled task, every worker has exactly what it was primed with: nothing of the request. The
   * JDK erases a common-pool worker's thread locals when it goes idle, so those have what they were primed
   * with or nothing at all.
   */
  private static void assertWorkersAsPrimed(Scenario s) {
    s.after.forEach((handoff, workers) -> {
      boolean mayBeErased = handoff.equals("CompletableFuture.runAsync");
      for (Map<String, String> after : workers) {
        String description = String.format("on %s after the task of %s\n%s", after.get("thread"), handoff,
            s.output());
        boolean erased = mayBeErased && after.get("mdc") == null;
        for (String context : CONTEXTS) {
          assertThat(after.get(context)).as(context + " " + description).isEqualTo(erased ? null : ThreadContexts.WORKER);
        }
        assertThat(after.get("mdc.worker.own")).as(description).isEqualTo(erased ? null : "yes");
        assertThat(after.get("scope")).as(description).isNull();
      }
    });
  }

  private static List<String> expectedHandoffs() {
    List<String> names = new ArrayList<>(List.of("ThreadPoolExecutor.execute", "ScheduledThreadPoolExecutor.schedule",
        "CompletableFuture.runAsync", "CompletableFuture.runAsync(pool).thenRunAsync(pool)",
        "new Thread(task).start()", "Thread subclass start()"));
    if (VirtualThreads.available()) {
      names.add("Thread.ofVirtual().start");
      names.add("newVirtualThreadPerTaskExecutor().submit");
    }
    return names;
  }

  /** One run of {@link CarrierScenarioMain}: what each task saw, and what each pool's workers saw after. */
  private static final class Scenario {
    final ChildJvm.Result result;
    final Map<String, Map<String, String>> seen = new LinkedHashMap<>();
    final Map<String, List<Map<String, String>>> after = new LinkedHashMap<>();

    private Scenario(ChildJvm.Result result) {
      this.result = result;
      for (String line : result.lines()) {
        boolean isSeen = line.startsWith("SEEN ");
        if (isSeen || line.startsWith("AFTER ")) {
          int bar = line.indexOf(" | ");
          String handoff = line.substring(line.indexOf(' ') + 1, bar);
          Map<String, String> values = ThreadContexts.parse(line.substring(bar + 3));
          if (isSeen) {
            seen.put(handoff, values);
          } else {
            after.computeIfAbsent(handoff, k -> new ArrayList<>()).add(values);
          }
        }
      }
    }

    static Scenario run(boolean withAgent, List<String> options, String... handoffs) throws Exception {
      List<String> jvm = new ArrayList<>();
      if (withAgent) {
        jvm.add("-javaagent:" + ChildJvm.agentJar());
      }
      jvm.addAll(options);
      Scenario s = new Scenario(ChildJvm.launch(Duration.ofSeconds(120), jvm, Map.of(), CarrierScenarioMain.class,
          handoffs));
      assertThat(s.result.exitCode()).as(s.output()).isZero();
      assertThat(s.result.lines()).as(s.output()).contains("DONE").noneMatch(l -> l.startsWith("ERROR "));
      assertThat(s.result.detachLines()).as(s.output()).noneMatch(l -> l.contains("ERROR"));
      if (handoffs.length > 0) {
        assertThat(s.seen.keySet()).as(s.output()).containsExactlyInAnyOrder(handoffs);
      }
      return s;
    }

    String output() {
      return result.output();
    }
  }
}
