package dev.detach.it.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detach.CancellableScope;
import dev.detach.RequestScope;
import dev.detach.it.support.Bounded;
import dev.detach.it.support.ObservedScheduledPool;
import dev.detach.it.support.RequestThread;
import dev.detach.it.support.ScopeView;
import dev.detach.it.support.Scopes;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Periodic tasks get the scope captured at scheduling on every run, and the single worker that runs them
 * holds no scope between runs.
 */
class PeriodicHandoffTest {

  private static final int RUNS = 3;
  private static final long PERIOD_MILLIS = 30;

  /** A periodic scheduler with one worker thread. */
  interface Scheduler extends AutoCloseable {
    /** Schedules {@code run} periodically from the calling thread; returns what cancels it. */
    Runnable schedule(Runnable run) throws Exception;

    /** Hands a one-shot probe to the same worker, from the calling thread. */
    void probe(Runnable probe) throws Exception;

    List<String> violations();

    @Override
    void close();
  }

  /** A named way to schedule periodically. */
  record Periodic(String name, java.util.function.Supplier<Scheduler> opener) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Periodic> periodics() {
    return Stream.of(
        new Periodic("ScheduledThreadPoolExecutor.scheduleAtFixedRate",
            () -> scheduledPool((pool, r) -> pool.scheduleAtFixedRate(r, 1, PERIOD_MILLIS, TimeUnit.MILLISECONDS))),
        new Periodic("ScheduledThreadPoolExecutor.scheduleWithFixedDelay",
            () -> scheduledPool((pool, r) -> pool.scheduleWithFixedDelay(r, 1, PERIOD_MILLIS, TimeUnit.MILLISECONDS))),
        new Periodic("Timer.scheduleAtFixedRate",
            () -> timer((timer, t) -> {
              timer.scheduleAtFixedRate(t, 1, PERIOD_MILLIS);
              return t;
            })),
        new Periodic("Timer.schedule with a period (fixed delay)",
            () -> timer((timer, t) -> {
              timer.schedule(t, 1, PERIOD_MILLIS);
              return t;
            })));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("periodics")
  void everyRunSeesTheSubmittersValuesAndTheWorkerIsCleanBetweenRuns(Periodic periodic) {
    try (Scheduler scheduler = periodic.opener().get()) {
      String id = "periodic, " + periodic;
      CancellableScope request = Scopes.request(id);
      List<CompletableFuture<ScopeView>> runs = Stream.generate(CompletableFuture<ScopeView>::new).limit(RUNS).toList();
      AtomicInteger count = new AtomicInteger();
      Runnable task = () -> {
        int n = count.getAndIncrement();
        if (n < RUNS) {
          runs.get(n).complete(ScopeView.current());
        }
      };
      CompletableFuture<Runnable> cancel = new CompletableFuture<>();
      RequestThread.run("request", request, () -> cancel.complete(scheduler.schedule(task)));
      try {
        for (int n = 0; n < RUNS; n++) {
          ScopeView seen = Bounded.get(runs.get(n), "run " + (n + 1) + " of the periodic task");
          assertThat(seen.requestId()).as("request id seen by run %d (%s)", n + 1, seen).isEqualTo(id);
          assertThat(seen.detached()).as("whether run %d saw a detached scope (%s)", n + 1, seen).isTrue();
          assertThat(seen.cancelled()).as("whether run %d saw a cancelled scope (%s)", n + 1, seen).isFalse();
          if (n == 0) {
            request.cancel(); // the request ends after the first run: later runs are detached all the same
          }
          ObservingTask probe = ObservingTask.looking("probe after run " + (n + 1));
          RequestThread.run("unscoped prober", RequestScope.ROOT, () -> scheduler.probe(probe));
          ScopeView probed = probe.firstLook();
          assertThat(probed.isRoot()).as("a probe between runs %d and %d saw %s", n + 1, n + 2, probed).isTrue();
          assertThat(probed.thread()).as("the probe runs on the periodic task's worker").isEqualTo(seen.thread());
        }
      } finally {
        cancel.getNow(() -> {}).run();
      }
      assertThat(scheduler.violations()).isEmpty();
    }
  }

  /** How a test schedules on a pool or timer. */
  @FunctionalInterface
  interface Scheduling<S, T> {
    Object schedule(S scheduler, T task) throws Exception;
  }

  static Scheduler scheduledPool(Scheduling<ObservedScheduledPool, Runnable> how) {
    ObservedScheduledPool pool = new ObservedScheduledPool(1);
    return new Scheduler() {
      @Override
      public Runnable schedule(Runnable run) throws Exception {
        Future<?> f = (Future<?>) how.schedule(pool, run);
        return () -> f.cancel(false);
      }

      @Override
      public void probe(Runnable probe) {
        pool.execute(probe);
      }

      @Override
      public List<String> violations() {
        return pool.violations();
      }

      @Override
      public void close() {
        pool.shutdownNow();
      }
    };
  }

  static Scheduler timer(Scheduling<Timer, TimerTask> how) {
    Timer timer = new Timer("periodic-timer", true);
    return new Scheduler() {
      @Override
      public Runnable schedule(Runnable run) throws Exception {
        TimerTask t = HandoffPoints.timerTask(run);
        how.schedule(timer, t);
        return t::cancel;
      }

      @Override
      public void probe(Runnable probe) {
        timer.schedule(HandoffPoints.timerTask(probe), 0);
      }

      @Override
      public List<String> violations() {
        return List.of();
      }

      @Override
      public void close() {
        timer.cancel();
      }
    };
  }
}
