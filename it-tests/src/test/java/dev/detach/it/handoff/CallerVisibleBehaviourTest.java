package dev.detach.it.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.detach.RequestScope;
import dev.detach.it.support.Bounded;
import dev.detach.it.support.ObservedScheduledPool;
import dev.detach.it.support.ObservedThreadPool;
import dev.detach.it.support.RequestThread;
import dev.detach.it.support.ScopeView;
import dev.detach.it.support.Scopes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What callers of executors see does not change with the agent, when they hand off from a thread with a
 * request scope: the objects queued, returned, removed, drained and rejected are their own.
 */
class CallerVisibleBehaviourTest {

  /** The application's own task class; it remembers the scope of each of its runs. */
  static final class RecordingTask implements Runnable {
    private final String name;
    final List<ScopeView> runs = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch expected = new CountDownLatch(1);

    RecordingTask(String name) {
      this.name = name;
    }

    /** The next {@code n} runs count down what {@link #awaitRuns} waits for. */
    RecordingTask expectRuns(int n) {
      expected = new CountDownLatch(n);
      return this;
    }

    @Override
    public void run() {
      runs.add(ScopeView.current());
      expected.countDown();
    }

    void awaitRuns() {
      Bounded.await(expected, "the runs of " + name);
    }

    @Override
    public String toString() {
      return "RecordingTask[" + name + "]";
    }
  }

  @Test
  void removeTakesAQueuedTaskOutAndItNeverRuns() throws Exception {
    ObservedThreadPool pool = new ObservedThreadPool(1);
    try {
      RecordingTask task = new RecordingTask("to be removed");
      AtomicReference<Boolean> queued = new AtomicReference<>();
      AtomicReference<Boolean> removed = new AtomicReference<>();
      try (Occupation busy = Occupation.of("the pool", pool::execute, () -> !pool.getQueue().isEmpty())) {
        RequestThread.run("request", Scopes.request("remove"), () -> {
          pool.execute(task);
          queued.set(pool.getQueue().contains(task));
          removed.set(pool.remove(task));
        });
      }
      assertThat(queued.get()).as("the pool's queue holds the very task that was executed").isTrue();
      assertThat(removed.get()).as("remove(task) of a queued task").isTrue();
      RecordingTask marker = new RecordingTask("marker after the removed task");
      pool.execute(marker);
      marker.awaitRuns();
      assertThat(task.runs).as("runs of the removed task").isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shutdownNowReturnsTheQueuedRunnablesThemselvesInOrder() throws Exception {
    ObservedThreadPool pool = new ObservedThreadPool(1);
    List<Runnable> submitted = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      submitted.add(new RecordingTask("queued " + i));
    }
    AtomicReference<List<Runnable>> drained = new AtomicReference<>();
    try (Occupation busy = Occupation.of("the pool", pool::execute, () -> !pool.getQueue().isEmpty())) {
      RequestThread.run("request", Scopes.request("shutdownNow"), () -> {
        for (Runnable r : submitted) {
          pool.execute(r);
        }
        drained.set(pool.shutdownNow());
      });
    }
    assertThat(drained.get()).usingElementComparator(CallerVisibleBehaviourTest::identity)
        .as("what shutdownNow() returned, by identity").containsExactlyElementsOf(submitted);
    assertThat(drained.get()).allMatch(r -> r instanceof RecordingTask, "is the application's task class");
  }

  @Test
  void shutdownNowReturnsATaskQueuedTwiceTwice() throws Exception {
    ObservedThreadPool pool = new ObservedThreadPool(1);
    RecordingTask task = new RecordingTask("queued twice");
    AtomicReference<List<Runnable>> drained = new AtomicReference<>();
    try (Occupation busy = Occupation.of("the pool", pool::execute, () -> !pool.getQueue().isEmpty())) {
      RequestThread.run("request a", Scopes.request("a"), () -> pool.execute(task));
      RequestThread.run("request b", Scopes.request("b"), () -> {
        pool.execute(task);
        drained.set(pool.shutdownNow());
      });
    }
    assertThat(drained.get()).usingElementComparator(CallerVisibleBehaviourTest::identity)
        .as("what shutdownNow() returned after the same task was executed twice (without the agent: the task,"
            + " twice)").containsExactly(task, task);
  }

  @Test
  void futureReturnedBySubmitIsWhatAfterExecuteGets() throws Exception {
    ObservedThreadPool pool = new ObservedThreadPool(1);
    try {
      RecordingTask runnable = new RecordingTask("submitted runnable");
      AtomicReference<Future<?>> ofRunnable = new AtomicReference<>();
      AtomicReference<Future<?>> ofCallable = new AtomicReference<>();
      RequestThread.run("request", Scopes.request("submit"), () -> {
        ofRunnable.set(pool.submit(runnable));
        ofCallable.set(pool.submit(HandoffPoints.callable(() -> {})));
      });
      Bounded.get(ofCallable.get(), "the submitted callable");
      Bounded.until(() -> pool.executed().size() >= 2, "afterExecute saw both tasks");
      assertThat(ofRunnable.get()).isInstanceOf(RunnableFuture.class);
      assertThat(ofCallable.get()).isInstanceOf(RunnableFuture.class);
      assertThat(pool.executed()).usingElementComparator(CallerVisibleBehaviourTest::identity)
          .as("what afterExecute got, by identity").containsExactly((Runnable) ofRunnable.get(), (Runnable) ofCallable.get());
      assertThat(runnable.runs).singleElement().satisfies(v -> assertThat(v.requestId()).isEqualTo("submit"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void scheduleReturnsARunnableScheduledFutureThatIsWhatRuns() throws Exception {
    ObservedScheduledPool pool = new ObservedScheduledPool(1);
    try {
      RecordingTask task = new RecordingTask("scheduled");
      AtomicReference<ScheduledFuture<?>> scheduled = new AtomicReference<>();
      RequestThread.run("request", Scopes.request("schedule"),
          () -> scheduled.set(pool.schedule(task, 1, TimeUnit.MILLISECONDS)));
      Bounded.get(scheduled.get(), "the scheduled task");
      assertThat((Object) scheduled.get()).isInstanceOf(ScheduledFuture.class).isInstanceOf(RunnableScheduledFuture.class);
      assertThat(pool.executed()).usingElementComparator(CallerVisibleBehaviourTest::identity)
          .as("what beforeExecute got, by identity").containsExactly((Runnable) scheduled.get());
      assertThat(task.runs).singleElement().satisfies(v -> assertThat(v.requestId()).isEqualTo("schedule"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void decoratedScheduledTaskIsWhatIsReturnedAndRun() throws Exception {
    DecoratingPool pool = new DecoratingPool();
    try {
      RecordingTask task = new RecordingTask("decorated");
      AtomicReference<ScheduledFuture<?>> scheduled = new AtomicReference<>();
      RequestThread.run("request", Scopes.request("decorated"),
          () -> scheduled.set(pool.schedule(task, 1, TimeUnit.MILLISECONDS)));
      Bounded.get(scheduled.get(), "the decorated task");
      assertThat((Object) scheduled.get()).isInstanceOf(Decorated.class);
      assertThat(pool.executed()).usingElementComparator(CallerVisibleBehaviourTest::identity)
          .as("what beforeExecute got, by identity").containsExactly((Runnable) scheduled.get());
      ScopeView seen = task.runs.get(0);
      assertThat(seen.requestId()).as("request id the decorated task saw (%s)", seen).isEqualTo("decorated");
      assertThat(seen.detached()).as("whether the decorated task's scope is detached (%s)", seen).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shutDownPoolRejectsUnchangedAndTheRejectedTaskKeepsNoCapture() throws Exception {
    ObservedThreadPool pool = new ObservedThreadPool(1);
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    RecordingTask task = new RecordingTask("rejected by a shut-down pool");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    RequestThread.run("request", Scopes.request("rejected"), () -> thrown.set(catchThrowable(() -> pool.execute(task))));
    assertThat(thrown.get()).isExactlyInstanceOf(RejectedExecutionException.class)
        .hasMessage("Task " + task + " rejected from " + pool);
    assertRejectedTaskCarriesNothing(task);
  }

  @Test
  void saturatedPoolRejectsUnchangedAndTheRejectedTaskKeepsNoCapture() throws Exception {
    List<Runnable> handed = new CopyOnWriteArrayList<>();
    RejectedExecutionHandler abort = new ThreadPoolExecutor.AbortPolicy();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
        (r, executor) -> {
          handed.add(r);
          abort.rejectedExecution(r, executor);
        });
    try {
      RecordingTask task = new RecordingTask("rejected by a saturated pool");
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicReference<String> poolState = new AtomicReference<>();
      try (Occupation busy = Occupation.of("the pool", pool::execute, () -> !pool.getQueue().isEmpty())) {
        pool.execute(new RecordingTask("filler")); // the queue of one is full
        poolState.set(pool.toString());
        RequestThread.run("request", Scopes.request("rejected"),
            () -> thrown.set(catchThrowable(() -> pool.execute(task))));
      }
      assertThat(thrown.get()).isExactlyInstanceOf(RejectedExecutionException.class)
          .hasMessage("Task " + task + " rejected from " + poolState.get());
      assertThat(handed).usingElementComparator(CallerVisibleBehaviourTest::identity)
          .as("what the rejection handler got").containsExactly(task);
      assertRejectedTaskCarriesNothing(task);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sameTaskQueuedTwiceFromTwoRequestsRunsOnceInEach() throws Exception {
    ObservedThreadPool pool = new ObservedThreadPool(1);
    try {
      RecordingTask task = new RecordingTask("shared").expectRuns(2);
      try (Occupation busy = Occupation.of("the pool", pool::execute, () -> !pool.getQueue().isEmpty())) {
        RequestThread.run("request a", Scopes.request("a"), () -> pool.execute(task));
        RequestThread.run("request b", Scopes.request("b"), () -> pool.execute(task));
      }
      task.awaitRuns();
      assertThat(task.runs).extracting(ScopeView::requestId).as("request ids of the two runs")
          .containsExactlyInAnyOrder("a", "b");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sameTaskSubmittedAgainWhileItRunsFromAnotherRequestRunsOnceInEach() throws Exception {
    ObservedThreadPool pool = new ObservedThreadPool(2);
    try {
      CountDownLatch bothStarted = new CountDownLatch(2);
      List<ScopeView> runs = new CopyOnWriteArrayList<>();
      Runnable shared = () -> {
        bothStarted.countDown();
        Bounded.await(bothStarted, "both runs of the shared task to start");
        runs.add(ScopeView.current());
      };
      RequestThread.run("request a", Scopes.request("a"), () -> pool.execute(shared));
      Bounded.until(() -> bothStarted.getCount() == 1, "the first run started");
      RequestThread.run("request b", Scopes.request("b"), () -> pool.execute(shared));
      Bounded.until(() -> runs.size() == 2, "both runs ended");
      assertThat(runs).extracting(ScopeView::requestId).as("request ids of the two concurrent runs")
          .containsExactlyInAnyOrder("a", "b");
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private static int identity(Object a, Object b) {
    return a == b ? 0 : 1;
  }

  /**
   * The rejected task object, handed off again: from an unscoped thread it sees ROOT (no capture left over
   * from the rejection), from another request that request's values.
   */
  private static void assertRejectedTaskCarriesNothing(RecordingTask task) {
    ObservedThreadPool live = new ObservedThreadPool(1);
    try {
      task.expectRuns(1);
      RequestThread.run("unscoped", RequestScope.ROOT, () -> live.execute(task));
      task.awaitRuns();
      task.expectRuns(1);
      RequestThread.run("later request", Scopes.request("later"), () -> live.execute(task));
      task.awaitRuns();
      task.expectRuns(1);
      RequestThread.run("unscoped again", RequestScope.ROOT, () -> live.execute(task));
      task.awaitRuns();
      assertThat(task.runs).extracting(ScopeView::requestId)
          .as("request ids seen by the rejected task object when handed off again: unscoped, from request"
              + " 'later', unscoped (%s)", task.runs)
          .containsExactly(null, "later", null);
    } finally {
      live.shutdownNow();
    }
  }

  /** A scheduled pool whose decorateTask wraps every task. */
  static final class DecoratingPool extends ObservedScheduledPool {
    DecoratingPool() {
      super(1);
    }

    @Override
    protected <V> RunnableScheduledFuture<V> decorateTask(Runnable runnable, RunnableScheduledFuture<V> task) {
      return new Decorated<>(task);
    }
  }

  /** The application's decoration of a scheduled task. */
  static final class Decorated<V> implements RunnableScheduledFuture<V> {
    private final RunnableScheduledFuture<V> task;

    Decorated(RunnableScheduledFuture<V> task) {
      this.task = task;
    }

    @Override
    public void run() {
      task.run();
    }

    @Override
    public boolean isPeriodic() {
      return task.isPeriodic();
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return task.getDelay(unit);
    }

    @Override
    public int compareTo(Delayed o) {
      return task.compareTo(o instanceof Decorated ? ((Decorated<?>) o).task : o);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return task.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
      return task.isCancelled();
    }

    @Override
    public boolean isDone() {
      return task.isDone();
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
      return task.get();
    }

    @Override
    public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
      return task.get(timeout, unit);
    }
  }
}
