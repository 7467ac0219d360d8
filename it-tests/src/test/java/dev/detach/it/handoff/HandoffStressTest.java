package dev.detach.it.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.detach.it.support.ChildJvm;
import dev.detach.it.support.VirtualThreads;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 16 submitting threads x 10,000 tasks, each task with its own scope value, spread over a thread pool, a
 * scheduled pool, a fork/join pool, CompletableFuture on the default pool and on an executor (and a
 * virtual-thread-per-task executor on 21+): every task sees exactly its submitter's values, and afterwards
 * probes on every pool see ROOT. Runs in a child JVM ({@link StressMain}) with the test JVM's agent settings,
 * so that a hang shows up as this test's failure (with the child's thread dump) and nothing else's.
 */
class HandoffStressTest {

  @Test
  void everyTaskSeesExactlyItsSubmittersValuesAndEveryPoolIsCleanAfterwards() throws Exception {
    assertStressRunPasses(VirtualThreads.available() ? 6 : 5);
  }

  /** The same load on virtual threads alone: the virtual-thread scheduler's carriers must never be starved. */
  @Test
  void virtualThreadsAloneUnderTheSameLoad() throws Exception {
    assumeTrue(VirtualThreads.available(), "virtual threads need JDK 21+");
    assertStressRunPasses(1, "virtual-only");
  }

  private static void assertStressRunPasses(int pools, String... args) throws Exception {
    ChildJvm.Result result = ChildJvm.run(Duration.ofSeconds(120), StressMain.class,
        List.of("-Ddetach.detach.timeout=2s"), args);
    String output = result.output();
    assertThat(result.linesStartingWith("FAIL")).as(output).isEmpty();
    assertThat(result.lines()).as(output).contains("DONE");
    int total = StressMain.SUBMITTERS * StressMain.TASKS_PER_SUBMITTER;
    assertThat(result.lines()).as("every task saw exactly its submitter's values\n%s", output)
        .contains("TASKS " + total + " 0");
    List<String> probes = result.linesStartingWith("PROBES ");
    assertThat(probes).as(output).hasSize(pools);
    assertThat(probes).as("probes on every pool after the run saw ROOT (the number is how many saw a scope)")
        .allMatch(line -> line.endsWith(" 0"));
  }
}
