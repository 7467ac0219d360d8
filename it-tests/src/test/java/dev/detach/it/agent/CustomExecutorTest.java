package dev.detach.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detach.it.support.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Executors Detach does not instrument: a worker such a pool starts from a request thread must not
 * carry that request into later tasks; naming the pool in {@code executors.include} makes its
 * {@code execute} a hand-off point. A thread-per-task executor's thread is the task and carries the scope.
 */
class CustomExecutorTest {

  @Test
  void anUnknownPoolsWorkerCarriesNoRequest() throws Exception {
    ChildJvm.Result r = ChildJvm.run(CustomExecutorApp.class, List.of());
    assertThat(r.exitCode()).isZero();
    assertThat(r.applicationLines()).containsExactly(
        "pool-from-A=null", "per-task-from-A=A", "pool-from-B=null", "pool-from-unscoped=null");
  }

  @Test
  void anIncludedPoolCarriesEachSubmittersScope() throws Exception {
    ChildJvm.Result r = ChildJvm.run(CustomExecutorApp.class,
        List.of("-Ddetach.executors.include=" + CustomExecutorApp.LazyPool.class.getName()));
    assertThat(r.exitCode()).isZero();
    assertThat(r.applicationLines()).containsExactly(
        "pool-from-A=A", "per-task-from-A=A", "pool-from-B=B", "pool-from-unscoped=null");
  }
}
