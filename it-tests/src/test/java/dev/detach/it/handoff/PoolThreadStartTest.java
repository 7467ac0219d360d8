package dev.detach.it.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detach.RequestScope;
import dev.detach.it.support.Bounded;
import dev.detach.it.support.RequestThread;
import dev.detach.it.support.ScopeView;
import dev.detach.it.support.Scopes;
import java.util.HashSet;
import java.util.Set;
import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.CoroutineDispatcher;
import kotlinx.coroutines.Dispatchers;
import org.junit.jupiter.api.Test;

/**
 * A worker thread that an executor starts while serving a hand-off is a pool thread, not a task: it
 * captures nothing, so later tasks from unscoped threads see ROOT on it.
 */
class PoolThreadStartTest {

  /** A thread type of the application's, made by a thread factory. */
  static final class WorkerThread extends Thread {
    WorkerThread(Runnable r) {
      super(r, "application-worker");
    }
  }

  @Test
  void cachedPoolWorkerStartedForARequestsTaskIsAPoolThread() {
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      ScopeView task = runFromRequest("cached pool", pool::execute);
      // A cached pool hands a task to an idle worker when one is waiting; try until a probe lands on it.
      assertProbesStayCleanUntilOneRunsOn(Set.of(task.thread()), "the cached pool", pool::execute);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void fixedPoolWorkerStartedForARequestsTaskIsAPoolThread() {
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      assertWorkerStaysClean(runFromRequest("fixed pool", pool::execute), pool::execute);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void workerOfAnApplicationThreadFactoryIsAPoolThread() {
    ExecutorService pool = Executors.newFixedThreadPool(1, WorkerThread::new);
    try {
      assertWorkerStaysClean(runFromRequest("application thread factory", pool::execute), pool::execute);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void scheduledPoolWorkerStartedForARequestsTaskIsAPoolThread() {
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1);
    try {
      assertWorkerStaysClean(runFromRequest("scheduled pool", t -> pool.schedule(t, 1, TimeUnit.MILLISECONDS)),
          pool::execute);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void forkJoinWorkerStartedForARequestsTaskIsAPoolThread() {
    ForkJoinPool pool = new ForkJoinPool(1);
    try {
      assertWorkerStaysClean(runFromRequest("fork/join pool", pool::execute), pool::execute);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void timerThreadStartedByARequestIsAPoolThread() {
    AtomicReference<Timer> timer = new AtomicReference<>();
    try {
      ScopeView task = runFromRequest("timer made by the request", t -> {
        timer.set(new Timer("timer-made-by-a-request", true));
        timer.get().schedule(HandoffPoints.timerTask(t), 1);
      });
      assertWorkerStaysClean(task, t -> timer.get().schedule(HandoffPoints.timerTask(t), 0));
    } finally {
      if (timer.get() != null) {
        timer.get().cancel();
      }
    }
  }

  @Test
  void workerThatADetachedTaskStartsInAFreshPoolIsAPoolThread() {
    ExecutorService outer = Executors.newFixedThreadPool(1);
    AtomicReference<ExecutorService> fresh = new AtomicReference<>();
    try {
      ScopeView nested = runFromRequest("fresh pool inside a detached task", t -> outer.execute(() -> {
        fresh.set(Executors.newFixedThreadPool(1));
        fresh.get().execute(t);
      }));
      assertWorkerStaysClean(nested, t -> fresh.get().execute(t));
    } finally {
      outer.shutdownNow();
      if (fresh.get() != null) {
        fresh.get().shutdownNow();
      }
    }
  }

  @Test
  void forkJoinWorkerThatADetachedTaskStartsIsAPoolThread() {
    ExecutorService outer = Executors.newFixedThreadPool(1);
    AtomicReference<ForkJoinPool> fresh = new AtomicReference<>();
    try {
      ScopeView nested = runFromRequest("fresh fork/join pool inside a detached task", t -> outer.execute(() -> {
        fresh.set(new ForkJoinPool(1));
        fresh.get().execute(t);
      }));
      assertWorkerStaysClean(nested, t -> fresh.get().execute(t));
    } finally {
      outer.shutdownNow();
      if (fresh.get() != null) {
        fresh.get().shutdownNow();
      }
    }
  }

  /**
   * Kotlin's default dispatcher starts its workers lazily, from {@code CoroutineScheduler.dispatch} (no
   * executor's {@code execute} on the stack), when a request first dispatches to it. Those workers are pool
   * threads: tasks dispatched later from no request must see ROOT on them, not that request's scope for their life.
   */
  @Test
  void kotlinCoroutineWorkersStartedForARequestsTaskArePoolThreads() {
    CoroutineDispatcher dispatcher = Dispatchers.getDefault();
    Submit dispatch = t -> dispatcher.dispatch(EmptyCoroutineContext.INSTANCE, t);
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    seenFromRequest("Kotlin's default dispatcher", dispatch);
    Set<String> startedForTheRequest = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!before.contains(t) && t.getName().startsWith("DefaultDispatcher-worker")) {
        startedForTheRequest.add(t.getName());
      }
    }
    assertThat(startedForTheRequest).as("the dispatcher's workers the request's dispatch started").isNotEmpty();
    assertProbesStayCleanUntilOneRunsOn(startedForTheRequest, "Kotlin's default dispatcher", dispatch);
  }

  // ---- helpers ------------------------------------------------------------------------------------

  /** How a test hands a task to the pool under test. */
  @FunctionalInterface
  interface Submit {
    void submit(Runnable task) throws Exception;
  }

  /** Hands a looking task off from a request thread; checks and returns what it saw. */
  private static ScopeView runFromRequest(String what, Submit submit) {
    ScopeView view = seenFromRequest(what, submit);
    assertThat(view.requestId()).as("request id the task saw (%s)", view).isEqualTo(requestId(what));
    assertThat(view.detached()).as("whether the task's scope is detached (%s)", view).isTrue();
    return view;
  }

  /**
   * Hands a looking task off from a request thread and returns what it saw, unchecked (a pool Detach does not
   * advise gives the task no scope of its own).
   */
  private static ScopeView seenFromRequest(String what, Submit submit) {
    CompletableFuture<ScopeView> seen = new CompletableFuture<>();
    RequestThread.run("request", Scopes.request(requestId(what)),
        () -> submit.submit(() -> seen.complete(ScopeView.current())));
    return Bounded.get(seen, "the request's task (" + what + ")");
  }

  private static String requestId(String what) {
    return "pool thread start, " + what;
  }

  /**
   * Probes from an unscoped thread see ROOT, until one runs on one of {@code workers} (a pool hands a probe to
   * whichever worker is idle).
   */
  private static void assertProbesStayCleanUntilOneRunsOn(Set<String> workers, String what, Submit submit) {
    Bounded.until(() -> {
      ScopeView probe = probeFromUnscopedThread(submit);
      assertThat(probe.isRoot()).as("a probe on %s saw %s", what, probe).isTrue();
      return workers.contains(probe.thread());
    }, "a probe runs on a worker the request's hand-off started " + workers);
  }

  private static ScopeView probeFromUnscopedThread(Submit submit) {
    CompletableFuture<ScopeView> seen = new CompletableFuture<>();
    RequestThread.run("unscoped prober", RequestScope.ROOT, () -> submit.submit(() -> seen.complete(ScopeView.current())));
    return Bounded.get(seen, "the probe");
  }

  /** A probe from an unscoped thread runs on the task's worker (a pool of one) and sees ROOT. */
  private static void assertWorkerStaysClean(ScopeView task, Submit submit) {
    ScopeView probe = probeFromUnscopedThread(submit);
    assertThat(probe.thread()).as("the probe runs on the worker the task ran on").isEqualTo(task.thread());
    assertThat(probe.isRoot()).as("a probe on the worker started for a request's task saw %s", probe).isTrue();
  }
}
