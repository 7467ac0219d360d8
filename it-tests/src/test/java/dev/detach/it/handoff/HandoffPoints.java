package dev.detach.it.handoff;

import static dev.detach.it.handoff.HandoffPoint.Family.COMPLETABLE_FUTURE;
import static dev.detach.it.handoff.HandoffPoint.Family.FORK_JOIN;
import static dev.detach.it.handoff.HandoffPoint.Family.SCHEDULED;
import static dev.detach.it.handoff.HandoffPoint.Family.THREAD;
import static dev.detach.it.handoff.HandoffPoint.Family.THREAD_POOL;
import static dev.detach.it.handoff.HandoffPoint.Family.TIMER;
import static dev.detach.it.handoff.HandoffPoint.Family.VIRTUAL_THREAD;
import static dev.detach.it.handoff.HandoffPoint.Trait.COMMON_POOL;
import static dev.detach.it.handoff.HandoffPoint.Trait.QUEUES;
import static dev.detach.it.handoff.HandoffPoint.Trait.RUNS_ON_BYSTANDER;

import dev.detach.RequestScope;
import dev.detach.it.support.Bounded;
import dev.detach.it.support.ObservedPool;
import dev.detach.it.support.ObservedScheduledPool;
import dev.detach.it.support.ObservedThreadPool;
import dev.detach.it.support.ScopeView;
import dev.detach.it.support.Scopes;
import dev.detach.it.support.VirtualThreads;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/** Every hand-off point the suite covers, each with a fresh executor per {@link HandoffPoint#open()}. */
final class HandoffPoints {

  /** The request id of the scope a bystander thread (one that completes a source future) has of its own. */
  static final String BYSTANDER_REQUEST = "bystander";

  private HandoffPoints() {}

  static List<HandoffPoint> all() {
    List<HandoffPoint> all = new ArrayList<>();

    all.add(threadPool("ThreadPoolExecutor.execute", (pool, task) -> pool.execute(task)));
    all.add(threadPool("ThreadPoolExecutor.submit(Runnable)", (pool, task) -> pool.submit(task)));
    all.add(threadPool("ThreadPoolExecutor.submit(Callable)", (pool, task) -> pool.submit(callable(task))));
    all.add(threadPool("ThreadPoolExecutor.invokeAll", (pool, task) -> {
      for (Future<Object> f : pool.invokeAll(List.of(callable(task)))) {
        f.get();
      }
    }));
    all.add(threadPool("ThreadPoolExecutor.invokeAny", (pool, task) -> pool.invokeAny(List.of(callable(task)))));

    all.add(scheduled("ScheduledThreadPoolExecutor.schedule(Runnable)",
        (pool, task) -> pool.schedule(task, 1, TimeUnit.MILLISECONDS)));
    all.add(scheduled("ScheduledThreadPoolExecutor.schedule(Callable)",
        (pool, task) -> pool.schedule(callable(task), 1, TimeUnit.MILLISECONDS)));
    all.add(scheduled("ScheduledThreadPoolExecutor.scheduleAtFixedRate, first run", (pool, task) -> {
      AtomicReference<Future<?>> self = new AtomicReference<>();
      self.set(pool.scheduleAtFixedRate(firstRunOnly(task, self), 1, 20, TimeUnit.MILLISECONDS));
    }));
    all.add(scheduled("ScheduledThreadPoolExecutor.scheduleWithFixedDelay, first run", (pool, task) -> {
      AtomicReference<Future<?>> self = new AtomicReference<>();
      self.set(pool.scheduleWithFixedDelay(firstRunOnly(task, self), 1, 20, TimeUnit.MILLISECONDS));
    }));
    all.add(scheduled("ScheduledThreadPoolExecutor.execute", (pool, task) -> pool.execute(task)));

    all.add(forkJoin("ForkJoinPool.execute(Runnable)", (pool, task) -> pool.execute(task)));
    all.add(forkJoin("ForkJoinPool.submit(Runnable)", (pool, task) -> pool.submit(task)));
    all.add(forkJoin("ForkJoinPool.invoke(ForkJoinTask)", (pool, task) -> pool.invoke(new TaskAction(task))));
    all.add(forkJoin("ForkJoinTask.fork in a pool worker that has a request scope", HandoffPoints::forkInWorker));
    all.add(point("ForkJoinTask.fork into the common pool", FORK_JOIN, 17, EnumSet.of(COMMON_POOL),
        () -> simple(task -> new TaskAction(task).fork())));
    all.add(point("parallel stream", FORK_JOIN, 17, EnumSet.of(COMMON_POOL),
        () -> simple(HandoffPoints::parallelStream)));

    all.add(commonPool("CompletableFuture.runAsync (default pool)", CompletableFuture::runAsync));
    all.add(commonPool("CompletableFuture.supplyAsync (default pool)",
        task -> CompletableFuture.supplyAsync(supplier(task))));
    all.add(futureWithExecutor("CompletableFuture.runAsync(executor)",
        (pool, task) -> CompletableFuture.runAsync(task, pool)));
    all.add(futureWithExecutor("CompletableFuture.supplyAsync(executor)",
        (pool, task) -> CompletableFuture.supplyAsync(supplier(task), pool)));
    all.add(commonPool("CompletableFuture.thenApplyAsync (default pool)",
        task -> CompletableFuture.completedFuture(1).thenApplyAsync(v -> run(task, v))));
    all.add(futureWithExecutor("CompletableFuture.thenApplyAsync(executor)",
        (pool, task) -> CompletableFuture.completedFuture(1).thenApplyAsync(v -> run(task, v), pool)));
    all.add(commonPool("CompletableFuture.thenAcceptAsync (default pool)",
        task -> CompletableFuture.completedFuture(1).thenAcceptAsync(v -> task.run())));
    all.add(futureWithExecutor("CompletableFuture.thenAcceptAsync(executor)",
        (pool, task) -> CompletableFuture.completedFuture(1).thenAcceptAsync(v -> task.run(), pool)));
    all.add(commonPool("CompletableFuture.thenCombineAsync (default pool)",
        task -> CompletableFuture.completedFuture(1)
            .thenCombineAsync(CompletableFuture.completedFuture(2), (a, b) -> run(task, a + b))));
    all.add(futureWithExecutor("CompletableFuture.thenCombineAsync(executor)",
        (pool, task) -> CompletableFuture.completedFuture(1)
            .thenCombineAsync(CompletableFuture.completedFuture(2), (a, b) -> run(task, a + b), pool)));
    all.add(point("CompletableFuture.thenApply, source completed by an unscoped thread", COMPLETABLE_FUTURE, 17,
        EnumSet.of(QUEUES), () -> new CompletedElsewhere(null, null,
            (source, task) -> source.thenApply(v -> run(task, v)))));
    all.add(point("CompletableFuture.thenApply, source completed by another request's thread", COMPLETABLE_FUTURE,
        17, EnumSet.of(QUEUES, RUNS_ON_BYSTANDER), () -> new CompletedElsewhere(
            Scopes.request(BYSTANDER_REQUEST), null, (source, task) -> source.thenApply(v -> run(task, v)))));
    all.add(point("CompletableFuture.thenApplyAsync (default pool), source completed by an unscoped thread",
        COMPLETABLE_FUTURE, 17, EnumSet.of(COMMON_POOL), () -> new CompletedElsewhere(null, null,
            (source, task) -> source.thenApplyAsync(v -> run(task, v)))));
    all.add(point("CompletableFuture.thenApplyAsync(executor), source completed by an unscoped thread",
        COMPLETABLE_FUTURE, 17, EnumSet.noneOf(HandoffPoint.Trait.class), () -> {
          ObservedThreadPool pool = new ObservedThreadPool(1);
          return new CompletedElsewhere(null, pool, (source, task) -> source.thenApplyAsync(v -> run(task, v), pool));
        }));
    all.add(commonPool("CompletableFuture.delayedExecutor(..).execute",
        task -> CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS).execute(task)));
    all.add(futureWithExecutor("CompletableFuture.runAsync(delayedExecutor(.., executor))",
        (pool, task) -> CompletableFuture.runAsync(task,
            CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS, pool))));

    all.add(point("new Thread(task).start()", THREAD, 17, EnumSet.noneOf(HandoffPoint.Trait.class),
        () -> simple(task -> new Thread(task, "started-thread").start())));
    all.add(point("Thread subclass overriding run()", THREAD, 17, EnumSet.noneOf(HandoffPoint.Trait.class),
        () -> simple(task -> new TaskThread(task).start())));

    all.add(virtual("Executors.newVirtualThreadPerTaskExecutor().execute", ExecutorService::execute));
    all.add(virtual("Executors.newVirtualThreadPerTaskExecutor().submit", ExecutorService::submit));
    all.add(point("Thread.ofVirtual().start", VIRTUAL_THREAD, 21, EnumSet.noneOf(HandoffPoint.Trait.class),
        () -> simple(VirtualThreads::ofVirtualStart)));
    all.add(point("Thread.startVirtualThread", VIRTUAL_THREAD, 21, EnumSet.noneOf(HandoffPoint.Trait.class),
        () -> simple(VirtualThreads::startVirtualThread)));

    all.add(timer("Timer.schedule (one-shot)", (timer, task) -> timer.schedule(timerTask(task), 1)));
    all.add(timer("Timer.scheduleAtFixedRate, first run",
        (timer, task) -> timer.scheduleAtFixedRate(firstRunOnly(task), 1, 20)));
    return all;
  }

  /** The available points of one family. */
  static List<HandoffPoint> of(HandoffPoint.Family family) {
    List<HandoffPoint> points = new ArrayList<>();
    for (HandoffPoint p : all()) {
      if (p.family() == family && p.available()) {
        points.add(p);
      }
    }
    return points;
  }

  /** The point named {@code name}. */
  static HandoffPoint named(String name) {
    for (HandoffPoint p : all()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no hand-off point named " + name);
  }

  // ---- kinds of point ------------------------------------------------------------------------------

  /** How a point hands a task to its pool. */
  @FunctionalInterface
  interface PoolSubmission<P> {
    void submit(P pool, Runnable task) throws Exception;
  }

  /** How a point hands a task off without a pool of its own. */
  @FunctionalInterface
  interface Submission {
    void submit(Runnable task) throws Exception;
  }

  private static HandoffPoint point(String name, HandoffPoint.Family family, int minJdk,
      Set<HandoffPoint.Trait> traits, Supplier<Handoff> opener) {
    return new HandoffPoint(name, family, minJdk, Set.copyOf(traits), opener);
  }

  private static HandoffPoint threadPool(String name, PoolSubmission<ObservedThreadPool> how) {
    return point(name, THREAD_POOL, 17, EnumSet.of(QUEUES), () -> new ObservedPoolHandoff<>(name, how, new ObservedThreadPool(1)));
  }

  private static HandoffPoint futureWithExecutor(String name, PoolSubmission<ObservedThreadPool> how) {
    return point(name, COMPLETABLE_FUTURE, 17, EnumSet.of(QUEUES), () -> new ObservedPoolHandoff<>(name, how, new ObservedThreadPool(1)));
  }

  private static HandoffPoint scheduled(String name, PoolSubmission<ObservedScheduledPool> how) {
    return point(name, SCHEDULED, 17, EnumSet.of(QUEUES), () -> new ObservedPoolHandoff<>(name, how, new ObservedScheduledPool(1)));
  }

  private static HandoffPoint forkJoin(String name, PoolSubmission<ForkJoinPool> how) {
    return point(name, FORK_JOIN, 17, EnumSet.of(QUEUES), () -> new ForkJoinHandoff(name, how));
  }

  private static HandoffPoint commonPool(String name, Submission how) {
    return point(name, COMPLETABLE_FUTURE, 17, EnumSet.of(COMMON_POOL), () -> simple(how));
  }

  private static HandoffPoint virtual(String name, PoolSubmission<ExecutorService> how) {
    return point(name, VIRTUAL_THREAD, 21, EnumSet.noneOf(HandoffPoint.Trait.class), () -> new Handoff() {
      private final ExecutorService executor = VirtualThreads.newVirtualThreadPerTaskExecutor();

      @Override
      public void submit(Runnable task) throws Exception {
        how.submit(executor, task);
      }

      @Override
      public void close() {
        executor.shutdownNow();
      }
    });
  }

  private static HandoffPoint timer(String name, PoolSubmission<Timer> how) {
    return point(name, TIMER, 17, EnumSet.of(QUEUES), () -> new TimerHandoff(name, how));
  }

  private static Handoff simple(Submission how) {
    return new Handoff() {
      @Override
      public void submit(Runnable task) throws Exception {
        how.submit(task);
      }

      @Override
      public void close() {}
    };
  }

  // ---- tasks ---------------------------------------------------------------------------------------

  static Callable<Object> callable(Runnable task) {
    return () -> {
      task.run();
      return null;
    };
  }

  static Supplier<Object> supplier(Runnable task) {
    return () -> {
      task.run();
      return null;
    };
  }

  static <V> V run(Runnable task, V value) {
    task.run();
    return value;
  }

  /** A periodic task that runs {@code task} on its first run and cancels itself on the next. */
  static Runnable firstRunOnly(Runnable task, AtomicReference<Future<?>> self) {
    AtomicBoolean ran = new AtomicBoolean();
    return () -> {
      if (ran.compareAndSet(false, true)) {
        task.run();
      } else {
        Future<?> f = self.get();
        if (f != null) {
          f.cancel(false);
        }
      }
    };
  }

  static TimerTask timerTask(Runnable task) {
    return new TimerTask() {
      @Override
      public void run() {
        task.run();
      }
    };
  }

  /** A periodic timer task that runs {@code task} on its first run and cancels itself on the next. */
  static TimerTask firstRunOnly(Runnable task) {
    return new TimerTask() {
      private boolean ran;

      @Override
      public void run() {
        if (!ran) {
          ran = true;
          task.run();
        } else {
          cancel();
        }
      }
    };
  }

  /** A thread whose subclass runs the task. */
  static final class TaskThread extends Thread {
    private final Runnable task;

    TaskThread(Runnable task) {
      super("task-thread");
      this.task = task;
    }

    @Override
    public void run() {
      task.run();
    }
  }

  /**
   * A pool worker that makes the submitter's scope current, as a request would, and forks the task from
   * there. The outer action itself is handed to the pool with no scope, so only the fork captures.
   */
  private static void forkInWorker(ForkJoinPool pool, Runnable task) throws Exception {
    RequestScope submitter = RequestScope.current();
    Scopes.unscoped(() -> pool.execute(new RecursiveAction() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void compute() {
        try (RequestScope.Attachment ignored = submitter.attach()) {
          new TaskAction(task).fork();
        }
      }
    }));
  }

  /**
   * Runs the task for one element of a parallel stream, on a thread other than the submitting one (the
   * submitting thread processes elements too, in its own scope, and is not what this checks). A pool
   * worker that submits may run it itself: no other worker may be free.
   */
  private static void parallelStream(Runnable task) {
    Thread submitter = Thread.currentThread();
    boolean anyThread = submitter instanceof ForkJoinWorkerThread;
    AtomicBoolean claimed = new AtomicBoolean();
    CountDownLatch handedOver = new CountDownLatch(1);
    IntStream.range(0, 64).parallel().forEach(i -> {
      if (anyThread || Thread.currentThread() != submitter) {
        if (claimed.compareAndSet(false, true)) {
          handedOver.countDown();
          task.run();
        }
      } else {
        Bounded.await(handedOver, "a pool worker to take an element of the parallel stream");
      }
    });
  }

  // ---- open hand-offs ------------------------------------------------------------------------------

  /** A hand-off to a one-worker pool that checks its worker after every task. */
  private static final class ObservedPoolHandoff<P extends ThreadPoolExecutor & ObservedPool> implements Handoff {
    private final String name;
    private final PoolSubmission<P> how;
    private final P pool;

    ObservedPoolHandoff(String name, PoolSubmission<P> how, P pool) {
      this.name = name;
      this.how = how;
      this.pool = pool;
    }

    @Override
    public void submit(Runnable task) throws Exception {
      how.submit(pool, task);
    }

    @Override
    public Occupation occupyWorkers() throws Exception {
      return Occupation.of(name, pool::execute, () -> !pool.getQueue().isEmpty());
    }

    @Override
    public List<String> workerViolations() {
      return pool.violations();
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }

  private static final class ForkJoinHandoff implements Handoff {
    private final String name;
    private final PoolSubmission<ForkJoinPool> how;
    private final ForkJoinPool pool = new ForkJoinPool(1);

    ForkJoinHandoff(String name, PoolSubmission<ForkJoinPool> how) {
      this.name = name;
      this.how = how;
    }

    @Override
    public void submit(Runnable task) throws Exception {
      how.submit(pool, task);
    }

    @Override
    public Occupation occupyWorkers() throws Exception {
      return Occupation.of(name, pool::execute,
          () -> pool.getQueuedSubmissionCount() > 0 || pool.getQueuedTaskCount() > 0);
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }

  private static final class TimerHandoff implements Handoff {
    private final String name;
    private final PoolSubmission<Timer> how;
    private final Timer timer = new Timer("timer-handoff", true);

    TimerHandoff(String name, PoolSubmission<Timer> how) {
      this.name = name;
      this.how = how;
    }

    @Override
    public void submit(Runnable task) throws Exception {
      how.submit(timer, task);
    }

    @Override
    public Occupation occupyWorkers() throws Exception {
      return Occupation.of(name, blocker -> timer.schedule(timerTask(blocker), 0), null);
    }

    @Override
    public void close() {
      timer.cancel();
    }
  }

  /**
   * A dependent stage made on the submitting thread while its source is incomplete; a bystander thread (with
   * no scope, or with a request scope of its own) completes the source later, so the bystander runs a
   * non-async stage, and an async stage is handed off by the bystander.
   */
  private static final class CompletedElsewhere implements Handoff {
    private final RequestScope bystanderScope;
    private final ObservedThreadPool stagePool;
    private final BiFunction<CompletableFuture<Integer>, Runnable, CompletableFuture<?>> stage;
    private final ObservedThreadPool bystander = new ObservedThreadPool(1);
    private final List<String> violations = new CopyOnWriteArrayList<>();

    CompletedElsewhere(RequestScope bystanderScope, ObservedThreadPool stagePool,
        BiFunction<CompletableFuture<Integer>, Runnable, CompletableFuture<?>> stage) {
      this.bystanderScope = bystanderScope;
      this.stagePool = stagePool;
      this.stage = stage;
    }

    @Override
    public void submit(Runnable task) throws Exception {
      CompletableFuture<Integer> source = new CompletableFuture<>();
      stage.apply(source, task);
      Scopes.unscoped(() -> bystander.execute(() -> complete(source)));
    }

    private void complete(CompletableFuture<Integer> source) {
      RequestScope expected = bystanderScope == null ? RequestScope.ROOT : bystanderScope;
      try (RequestScope.Attachment ignored = expected.attach()) {
        source.complete(1);
        if (RequestScope.current() != expected) {
          violations.add("the thread that completed the source had " + ScopeView.current()
              + " after complete(), not its own scope");
        }
      }
    }

    /** A probe runs on the bystander (a non-async stage) or in the stage's pool. */
    @Override
    public void probe(Runnable probe) throws Exception {
      if (stagePool != null) {
        stagePool.execute(probe);
      } else if (bystanderScope != null) {
        bystander.execute(probe);
      } else {
        submit(probe);
      }
    }

    @Override
    public Occupation occupyWorkers() throws Exception {
      return Occupation.of("the thread that completes the source", bystander::execute,
          () -> !bystander.getQueue().isEmpty());
    }

    @Override
    public List<String> workerViolations() {
      List<String> all = new ArrayList<>(violations);
      all.addAll(bystander.violations());
      if (stagePool != null) {
        all.addAll(stagePool.violations());
      }
      return all;
    }

    @Override
    public void close() {
      bystander.shutdownNow();
      if (stagePool != null) {
        stagePool.shutdownNow();
      }
    }
  }
}
