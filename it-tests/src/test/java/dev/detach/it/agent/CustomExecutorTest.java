package dev.detach.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Executors Detach does not instrument: a worker such a pool starts from a request thread must not
 * carry that request into later tasks; naming the pool in {@code executors.include} makes its
 * {@code execute} a hand-off point. A thread-per-task executor's thread is the task and carries the scope.
 */
class CustomExecutorTest {

  @Test
  void anUnknownPoolsWorkerCarriesNoRequest() throws Exception {
    ForkedJvm.Result r = new ForkedJvm().args("-javaagent:" + ForkedJvm.agentJar()).run(CustomExecutorApp.class);
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout().lines()).containsExactly(
        "pool-from-A=null", "per-task-from-A=A", "pool-from-B=null", "pool-from-unscoped=null");
  }

  @Test
  void anIncludedPoolCarriesEachSubmittersScope() throws Exception {
    ForkedJvm.Result r = new ForkedJvm()
        .args("-javaagent:" + ForkedJvm.agentJar(),
            "-Ddetach.executors.include=" + CustomExecutorApp.LazyPool.class.getName())
        .run(CustomExecutorApp.class);
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout().lines()).containsExactly(
        "pool-from-A=A", "per-task-from-A=A", "pool-from-B=B", "pool-from-unscoped=null");
  }
}
