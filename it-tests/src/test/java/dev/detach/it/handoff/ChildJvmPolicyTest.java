package dev.detach.it.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detach.it.support.ChildJvm;
import dev.detach.it.support.VirtualThreads;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Settings that take effect when the agent starts, each in a JVM of its own running {@link ScenarioMain}:
 * the policies {@code propagate} and {@code off}, a policy rule, and CompletableFuture scenarios with the
 * common pool at parallelism 1 (where CompletableFuture uses a thread per task) and at 3 (a real pool, also
 * on machines with few cores).
 */
class ChildJvmPolicyTest {

  /** The points the issue names as the representative set for other policies. */
  private static final List<String> REPRESENTATIVE = List.of(
      "ThreadPoolExecutor.execute",
      "ScheduledThreadPoolExecutor.schedule(Runnable)",
      "ForkJoinPool.submit(Runnable)",
      "CompletableFuture.supplyAsync (default pool)",
      "new Thread(task).start()",
      "Timer.schedule (one-shot)");

  private static final String VIRTUAL = "Thread.ofVirtual().start";

  @Test
  void underPolicyPropagateTasksSeeTheRequestEnd() throws Exception {
    ChildJvm.Result result = run(List.of("-Ddetach.policy.default=propagate"), "propagate");
    assertAllOk(result, "propagate", representative());
  }

  @Test
  void underPolicyOffTasksSeeNoScope() throws Exception {
    ChildJvm.Result result = run(List.of("-Ddetach.policy.default=off"), "off");
    assertAllOk(result, "off", representative());
  }

  @Test
  void anExecutorRuleTurnsScheduledTasksOffWhileThreadPoolTasksStillDetach() throws Exception {
    ChildJvm.Result result = run(
        List.of("-Ddetach.policy.rules=executor:java.util.concurrent.ScheduledThreadPoolExecutor=off"), "rule");
    assertAllOk(result, "off by rule", List.of("ScheduledThreadPoolExecutor.schedule(Runnable)",
        "ScheduledThreadPoolExecutor.scheduleAtFixedRate, first run", "ScheduledThreadPoolExecutor.execute"));
    assertAllOk(result, "detached", List.of("ThreadPoolExecutor.execute", "ThreadPoolExecutor.submit(Callable)",
        "CompletableFuture.delayedExecutor(..).execute"));
  }

  @Test
  void completableFutureScenariosWithCommonPoolParallelismOne() throws Exception {
    ChildJvm.Result result = run(
        List.of("-Djava.util.concurrent.ForkJoinPool.common.parallelism=1"), "common-pool");
    assertThat(result.lines()).as(result.output()).contains("INFO common pool parallelism 1");
    assertAllOk(result, "values", List.of("CompletableFuture.supplyAsync (default pool)",
        "CompletableFuture.thenApply, source completed by an unscoped thread"));
    assertAllOk(result, "own deadline", List.of("CompletableFuture.runAsync (default pool)"));
  }

  @Test
  void completableFutureScenariosWithCommonPoolParallelismThree() throws Exception {
    ChildJvm.Result result = run(
        List.of("-Djava.util.concurrent.ForkJoinPool.common.parallelism=3"), "common-pool");
    assertThat(result.lines()).as(result.output()).contains("INFO common pool parallelism 3");
    assertAllOk(result, "values", List.of("CompletableFuture.supplyAsync (default pool)", "parallel stream"));
    assertAllOk(result, "own deadline", List.of("CompletableFuture.runAsync (default pool)"));
  }

  private static List<String> representative() {
    List<String> names = new ArrayList<>(REPRESENTATIVE);
    if (VirtualThreads.available()) {
      names.add(VIRTUAL);
    }
    return names;
  }

  private static ChildJvm.Result run(List<String> options, String mode) throws Exception {
    List<String> all = new ArrayList<>();
    all.add("-Ddetach.detach.timeout=2s");
    all.addAll(options);
    return ChildJvm.run(ScenarioMain.class, all, mode);
  }

  /** Every scenario line is OK (none failed), and those of {@code scenario} include each of {@code mustInclude}. */
  private static void assertAllOk(ChildJvm.Result result, String scenario, List<String> mustInclude) {
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.lines()).as(result.output()).contains("DONE");
    assertThat(result.linesStartingWith("FAIL ")).as(result.output()).isEmpty();
    List<String> ok = result.linesStartingWith("OK " + scenario + " | ");
    for (String name : mustInclude) {
      assertThat(ok).as("scenario '%s' must have passed for %s\n%s", scenario, name, result.output())
          .contains("OK " + scenario + " | " + name);
    }
  }
}
