package dev.detach.agent.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Capture, attach and restore through a configured thread-local carrier, without the agent. */
class CarriersTest {

  /** An application's thread-bound state. */
  static final class Holder {
    private static final ThreadLocal<String> TENANT = new ThreadLocal<>();
    static final ThreadLocal<String> USER = new ThreadLocal<>();
    static final String NOT_A_THREAD_LOCAL = "x";
  }

  private static ExecutorService worker;

  @BeforeAll
  static void configure() {
    String holder = Holder.class.getName();
    Carriers.configure(List.of(), List.of(holder + "#TENANT", holder + "#USER", holder + "#NOT_A_THREAD_LOCAL"));
    Carriers.classReady(Holder.class);
    worker = Executors.newSingleThreadExecutor();
  }

  @AfterAll
  static void stop() {
    worker.shutdownNow();
  }

  @Test
  void theTaskSeesTheCapturedValuesAndTheWorkerGetsItsOwnBack() throws Exception {
    onWorker(() -> Holder.TENANT.set("worker's"));
    Holder.TENANT.set("acme");
    Holder.USER.set("alice");
    Object snapshot = Carriers.capture(true);
    Holder.TENANT.remove();
    Holder.USER.remove();

    String[] seen = new String[4];
    onWorker(() -> {
      Object replaced = Carriers.attach(snapshot);
      seen[0] = Holder.TENANT.get();
      seen[1] = Holder.USER.get();
      Holder.USER.set("changed by the task");
      Carriers.restore(replaced);
      seen[2] = Holder.TENANT.get();
      seen[3] = Holder.USER.get();
    });
    assertThat(seen).containsExactly("acme", "alice", "worker's", null);
  }

  @Test
  void nothingToCarryIsNull() {
    Holder.TENANT.remove();
    Holder.USER.remove();
    assertThat(Carriers.capture(true)).isNull();
  }

  @Test
  void onlyTheValuesThatAreSetAreCarried() throws Exception {
    Holder.USER.set("bob");
    Object snapshot = Carriers.capture(false);
    Holder.USER.remove();
    String[] seen = new String[2];
    onWorker(() -> {
      Holder.TENANT.set("worker's");
      Object replaced = Carriers.attach(snapshot);
      seen[0] = Holder.TENANT.get();
      seen[1] = Holder.USER.get();
      Carriers.restore(replaced);
      Holder.TENANT.remove();
    });
    assertThat(seen).containsExactly("worker's", "bob");
  }

  @Test
  void theStartUpLineNamesWhatIsConfigured() {
    assertThat(Carriers.describe()).isEqualTo(Holder.class.getName() + "#TENANT, " + Holder.class.getName()
        + "#USER, " + Holder.class.getName() + "#NOT_A_THREAD_LOCAL");
    assertThat(Carriers.classNames()).containsExactly(Holder.class.getName());
  }

  private static void onWorker(Runnable action) throws Exception {
    worker.submit(action).get(10, TimeUnit.SECONDS);
  }
}
