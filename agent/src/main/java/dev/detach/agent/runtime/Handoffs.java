package dev.detach.agent.runtime;

import dev.detach.RequestScope;
import dev.detach.agent.carrier.Carriers;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Internal: what the advice woven into JDK hand-off points calls. Not an API.
 *
 * <p>The protocol is capture, attach, restore. At a hand-off, the outermost advised method decides once
 * what the task gets ({@link #enter}); the methods it calls register that decision for the object they
 * queue ({@link #queue}, {@link #taskCreated}); the run site attaches the capture for one run and restores
 * the worker's previous scope afterwards ({@link #beforeRun}, {@link #afterRun}).
 *
 * <p>Every entry point first reads one thread-local; a thread without a scope stops there. Nothing here
 * throws into the application: faults are reported through {@link AgentLog#fault} and the hand-off goes
 * on uncaptured.
 */
public final class Handoffs {

  /** Until {@link #configure}: nothing is woven before it, so this only keeps the field non-null. */
  private static volatile PolicyDecider decider = new PolicyDecider() {
    @Override
    public DetachPolicy decide(HandoffKind kind, Class<?> executorClass, Class<?> taskClass) {
      return DetachPolicy.DETACH;
    }

    @Override
    public DetachPolicy decideNewThread(HandoffKind kind, Class<?> threadClass,
        java.util.function.Function<StackWalker.StackFrame, Boolean> executorFrame, int poolDepth) {
      return DetachPolicy.DETACH;
    }

    @Override
    public boolean userRulesLookAtStack(HandoffKind kind) {
      return false;
    }
  };
  private static volatile long detachTimeoutNanos;

  private Handoffs() {}

  /** Installs the configured policy; called once by the agent at start-up. */
  public static void configure(PolicyDecider policy, long timeoutNanos) {
    decider = policy;
    detachTimeoutNanos = timeoutNanos;
  }

  // ---- capture ------------------------------------------------------------------------------------

  /**
   * Entry of a hand-off method. Returns a token for {@link #exit}, or null when this thread has no scope.
   *
   * @param kind the hand-off point, or null to derive it from the executor's type
   * @param sticky every run of what this hand-off queues uses the capture (periodic tasks)
   */
  public static Object enter(HandoffKind kind, Object executor, Object task, boolean sticky) {
    ThreadState s = ScopeStorage.STATE.get();
    if (s == null || s.scope == null || s.inAgent) {
      return null;
    }
    return enter(s, kind, executor, task, sticky);
  }

  /** {@link #enter} on a thread whose state was read and has a scope. */
  private static Object enter(ThreadState s, HandoffKind kind, Object executor, Object task, boolean sticky) {
    if (s.handoffDepth++ == 0) {
      try {
        HandoffKind k = kind != null ? kind : kindOf(executor);
        s.pendingForkJoinTasks = k == HandoffKind.FORK_JOIN || k == HandoffKind.COMPLETABLE_FUTURE;
        s.pending = decide(s, k, executor, task, sticky);
      } catch (Throwable t) {
        s.pending = Captured.NOTHING;
        AgentLog.fault("hand-off policy", t);
      }
    }
    return s;
  }

  /** Entry of {@code submit}, {@code invokeAll} or {@code invokeAny}: the task is the argument unless it is a collection. */
  public static Object enterSubmit(Object executor, Object first) {
    return enter(null, executor, first instanceof java.util.Collection ? null : first, false);
  }

  /** Entry of a {@code ForkJoinPool} submission; a {@code ForkJoinTask} argument is itself what is queued. */
  public static Object enterForkJoin(Object pool, Object first, boolean sticky) {
    ThreadState s = ScopeStorage.STATE.get();
    if (s == null || s.scope == null || s.inAgent) {
      return null; // before any look at the task: a thread without a scope pays this read only
    }
    if (first != null && isVirtualThreadScheduling(first)) {
      return null;
    }
    if (first instanceof CompletableFuture.AsynchronousCompletionTask && s.handoffDepth == 0
        && TaskCaptures.has(first)) {
      // A CompletableFuture task on its default pool: it captured when it was created, and that capture,
      // sticky, is the one every run uses. Deciding again here would only make a capture to throw away.
      return null;
    }
    Object token = enter(s, HandoffKind.FORK_JOIN, pool, first instanceof java.util.Collection ? null : first, sticky);
    if (token != null && first instanceof java.util.concurrent.ForkJoinTask) {
      queue(first);
    }
    return token;
  }

  /** {@code Timer.sched}: the timer task is queued as it is; a periodic one keeps its capture for every run. */
  public static void timerScheduled(Object timer, Object task, boolean periodic) {
    Object token = enter(HandoffKind.TIMER, timer, task, periodic);
    if (token != null) {
      try {
        queue(task);
      } finally {
        exit(token);
      }
    }
  }

  /** Exit of a hand-off method entered with {@link #enter}. */
  public static void exit(Object token) {
    if (token != null) {
      ThreadState s = (ThreadState) token;
      if (--s.handoffDepth <= 0) {
        s.handoffDepth = 0;
        s.pending = null;
      }
    }
  }

  /** Registers the entered hand-off's capture for the runnable an executor is about to queue, as it is. */
  public static void queueRunnable(Object token, Runnable task) {
    if (token == null || task == null) {
      return;
    }
    try {
      ThreadState s = (ThreadState) token;
      Captured c = s.pending;
      if (c != null && c != Captured.NOTHING) {
        register(s, task, c);
      }
    } catch (Throwable t) {
      AgentLog.fault("hand-off capture", t);
    }
  }

  /**
   * For executors whose run site Detach does not know ({@code executors.include}): the runnable to queue
   * attaches the capture itself.
   */
  public static Runnable wrapRunnable(Object token, Runnable task) {
    if (token == null || task == null || task instanceof ScopedRunnable) {
      return task;
    }
    Captured c = ((ThreadState) token).pending;
    if (c == null || c == Captured.NOTHING) {
      return task;
    }
    c.queued();
    return new ScopedRunnable(task, c);
  }

  /** Registers the capture of the hand-off this thread is inside for {@code task} (a nested queueing method). */
  public static void queue(Object task) {
    ThreadState s = ScopeStorage.STATE.get();
    if (s == null || s.handoffDepth == 0 || task == null || s.inAgent) {
      return;
    }
    try {
      Captured c = s.pending;
      if (c != null && c != Captured.NOTHING) {
        register(s, task, c);
      }
    } catch (Throwable t) {
      AgentLog.fault("hand-off capture", t);
    }
  }

  /**
   * A {@code ForkJoinTask} was constructed. Inside a fork/join hand-off it is the object that will be
   * queued (an adapter around the submitted runnable). A {@code CompletableFuture} stage captures the scope
   * of the code that creates it, whichever thread later runs it.
   */
  public static void taskCreated(Object task) {
    ThreadState s = ScopeStorage.STATE.get();
    if (s == null || s.scope == null || s.inAgent) {
      return;
    }
    try {
      boolean stage = task instanceof CompletableFuture.AsynchronousCompletionTask;
      if (s.handoffDepth > 0) {
        // Only fork/join and CompletableFuture hand-offs build the task they queue; inside any other
        // hand-off a ForkJoinTask is somebody else's (a virtual thread's continuation, say).
        Captured c = s.pending;
        if (s.pendingForkJoinTasks && c != null && c != Captured.NOTHING
            && (!stage || runsApplicationCode(task))) {
          register(s, task, stage ? c.forStage() : c);
        }
      } else if (stage && runsApplicationCode(task)) {
        Captured c = decide(s, HandoffKind.COMPLETABLE_FUTURE, null, task, true);
        if (c != Captured.NOTHING) {
          register(s, task, c);
        }
      }
    } catch (Throwable t) {
      AgentLog.fault("CompletableFuture/ForkJoinTask capture", t);
    }
  }

  /** {@code ForkJoinTask.fork()}: the task itself is queued, on the current worker's pool or the common pool. */
  public static void forked(Object task) {
    ThreadState s = ScopeStorage.STATE.get();
    if (s == null || s.scope == null || s.inAgent) {
      return;
    }
    try {
      Captured c = s.handoffDepth > 0
          ? s.pending
          : decide(s, HandoffKind.FORK_JOIN, currentPool(), task, false);
      if (c != null && c != Captured.NOTHING) {
        register(s, task, c);
      }
    } catch (Throwable t) {
      AgentLog.fault("ForkJoinTask.fork capture", t);
    }
  }

  /**
   * {@code Thread.start}: a new thread started from a scoped thread is the task. Pool threads (started
   * inside a hand-off or by a pool's worker-creation code), JDK-internal threads and Detach's own are not.
   */
  public static void threadStarting(Thread thread) {
    ThreadState s = ScopeStorage.STATE.get();
    if (s == null || s.scope == null || s.handoffDepth > 0 || s.poolThreadStarts > 0 || s.inAgent) {
      return;
    }
    try {
      Class<?> type = thread.getClass();
      if (!isApplicationThreadType(type) || thread.getState() != Thread.State.NEW) {
        return;
      }
      HandoffKind kind = type.getName().equals("java.lang.VirtualThread")
          ? HandoffKind.VIRTUAL_THREAD : HandoffKind.THREAD;
      DetachPolicy policy = s.perTaskThread == thread
          ? ThreadPerTaskDecisions.policy(decider, s.perTaskExecutor, kind, type)
          : decideNewThread(decider, kind, type);
      Captured c = captured(s, kind, policy, false);
      if (c != Captured.NOTHING) {
        // The thread claims this as it begins to run (see threadRunning), or else when it first reads
        // its scope. A virtual thread may begin long after start() under load; a platform thread begins
        // at once, so its own deadline starts now.
        register(s, thread, kind == HandoffKind.VIRTUAL_THREAD ? c : c.resolvedForRun());
      }
    } catch (Throwable t) {
      AgentLog.fault("Thread.start capture", t);
    }
  }

  /** The policy for a thread about to start here: the rules, with the stack's executor frames for the pool check. */
  static DetachPolicy decideNewThread(PolicyDecider decider, HandoffKind kind, Class<?> threadType) {
    return decider.decideNewThread(kind, threadType, Handoffs::executorFrame, EXECUTOR_FRAME_DEPTH);
  }

  /**
   * Entry of a JDK thread-per-task executor's start of one thread ({@code ThreadPerTaskExecutor.start(Thread)},
   * JDK 21+, where {@code execute}, {@code submit} and {@code invokeAll/Any} all start theirs): the thread
   * is the task, and the executor's earlier decision serves it (see {@link ThreadPerTaskDecisions}).
   */
  public static Object threadPerTaskStarting(Object executor, Thread thread) {
    ThreadState s = ScopeStorage.STATE.get();
    if (s == null || s.scope == null || s.inAgent) {
      return null;
    }
    s.perTaskThread = thread;
    s.perTaskExecutor = executor;
    return s;
  }

  public static void threadPerTaskStarted(Object token) {
    if (token != null) {
      ThreadState s = (ThreadState) token;
      s.perTaskThread = null;
      s.perTaskExecutor = null;
    }
  }

  /**
   * A thread begins to run its task ({@code Thread.run}, a direct {@code Thread} subclass's {@code run},
   * a virtual thread's body): claim its capture now, so that its own deadline starts now and what the
   * context carriers carry is there even if the thread never reads its scope.
   */
  public static void threadRunning() {
    // Look before reading the thread-local: its first read gives the thread a ThreadLocalMap, which a
    // virtual thread with nothing to claim should not pay for.
    if (TaskCaptures.has(Thread.currentThread())) {
      ScopeStorage.STATE.get();
    }
  }

  /** Entry of code that starts pool threads: threads started until {@link #poolThreadsStarted} are not tasks. */
  public static Object startingPoolThreads() {
    ThreadState s = ScopeStorage.STATE.get();
    if (s == null || s.scope == null) {
      return null;
    }
    s.poolThreadStarts++;
    return s;
  }

  public static void poolThreadsStarted(Object token) {
    if (token != null) {
      ((ThreadState) token).poolThreadStarts--;
    }
  }

  /** A queued task will not run ({@code remove(task)}, drained by {@code shutdownNow}): drop its oldest capture. */
  public static void forget(Object task) {
    try {
      if (task != null) {
        Captured c = TaskCaptures.removeOldest(task);
        if (c != null) {
          c.done();
        }
      }
    } catch (Throwable t) {
      AgentLog.fault("capture removal", t);
    }
  }

  /** The task just handed off was rejected: drop the capture this hand-off registered. */
  public static void forgetRejected(Object task) {
    try {
      if (task != null) {
        Captured c = TaskCaptures.removeNewest(task);
        if (c != null) {
          c.done();
        }
      }
    } catch (Throwable t) {
      AgentLog.fault("capture removal", t);
    }
  }

  public static void forgetAll(List<?> tasks) {
    if (tasks != null) {
      for (Object task : tasks) {
        forget(task);
      }
    }
  }

  /** Registers a capture with this thread marked as inside Detach (see {@link ThreadState#inAgent}). */
  private static void register(ThreadState s, Object task, Captured c) {
    s.inAgent = true;
    try {
      if (TaskCaptures.register(task, c) == null) {
        c.queued();
      }
    } finally {
      s.inAgent = false;
    }
  }

  // ---- run ----------------------------------------------------------------------------------------

  /**
   * What a run replaced on its thread, put back after it. A task can run inside a hand-off method (a
   * joining thread helps, a direct executor, a rejection handler runs it on the caller) or inside another
   * task's run (a dependent stage fired by the stage before it): while it runs, its own hand-offs must
   * decide for themselves, so the enclosing state is set aside too. Needed only then: a run on a clean
   * thread (an idle pool worker, the usual case) is undone by clearing the state, and its token is the
   * {@link ThreadState} itself.
   *
   * <p>Runs nest strictly on a thread (advice enter and exit pair up), so each thread keeps a small stack of
   * frames it reuses: nested runs allocate nothing once the thread has run that deep. A frame forgets what it
   * held when it is restored, so a pooled thread keeps no request's values in it.
   */
  private static final class RunFrame {
    /** Frames a thread keeps for reuse; deeper nesting (rare) gets frames that are not kept. */
    static final int KEPT = 16;

    final ThreadState state;
    /** Where this frame sits in its thread's stack of kept frames, or -1 for a frame that is not kept. */
    final int index;
    /** Made for a task's run (not for a rejection handler): what ends with the run ends at restore. */
    boolean forRun;
    RequestScope previousScope;
    Captured previousRunning;
    Object previousRunningTask;
    int handoffDepth;
    Captured pending;
    boolean pendingForkJoinTasks;
    int poolThreadStarts;
    RequestOrigin origin;
    RequestOrigin detachedFrom;
    Object overlay;
    Captured runConsumed;
    Object runStageTask;
    Object runCarriersReplaced;

    RunFrame(ThreadState state, int index) {
      this.state = state;
      this.index = index;
    }

    /** The frame for a run (or rejection) that begins now on the thread of {@code state}, holding its state. */
    static RunFrame push(ThreadState state, boolean forRun) {
      int depth = state.runFrameDepth;
      RunFrame frame;
      if (depth < KEPT) {
        Object[] kept = state.runFrames;
        if (kept == null || depth == kept.length) {
          kept = java.util.Arrays.copyOf(kept == null ? new Object[0] : kept, Math.min(KEPT, depth + 4));
          state.runFrames = kept;
        }
        frame = (RunFrame) kept[depth];
        if (frame == null) {
          frame = new RunFrame(state, depth);
          kept[depth] = frame;
        }
        state.runFrameDepth = depth + 1;
      } else {
        frame = new RunFrame(state, -1);
      }
      frame.save(forRun);
      return frame;
    }

    private void save(boolean forRun) {
      this.forRun = forRun;
      this.previousScope = state.scope;
      this.previousRunning = state.running;
      this.previousRunningTask = state.runningTask;
      this.handoffDepth = state.handoffDepth;
      this.pending = state.pending;
      this.pendingForkJoinTasks = state.pendingForkJoinTasks;
      this.poolThreadStarts = state.poolThreadStarts;
      this.origin = state.origin;
      this.detachedFrom = state.detachedFrom;
      this.overlay = state.overlay;
      this.runConsumed = state.runConsumed;
      this.runStageTask = state.runStageTask;
      this.runCarriersReplaced = state.runCarriersReplaced;
    }

    void restore() {
      if (forRun) {
        endRun(state);
      }
      state.scope = previousScope;
      state.running = previousRunning;
      state.runningTask = previousRunningTask;
      state.handoffDepth = handoffDepth;
      state.pending = pending;
      state.pendingForkJoinTasks = pendingForkJoinTasks;
      state.poolThreadStarts = poolThreadStarts;
      state.origin = origin;
      state.detachedFrom = detachedFrom;
      state.overlay = overlay;
      state.runConsumed = runConsumed;
      state.runStageTask = runStageTask;
      state.runCarriersReplaced = runCarriersReplaced;
      state.lastOneShot = null;
      previousScope = null;
      previousRunning = null;
      previousRunningTask = null;
      pending = null;
      origin = null;
      detachedFrom = null;
      overlay = null;
      runConsumed = null;
      runStageTask = null;
      runCarriersReplaced = null;
      if (index >= 0) {
        state.runFrameDepth = index; // pops this frame (and any a missed exit left above it)
      }
    }
  }

  /** Whether {@code s} holds nothing a run would have to put back (see {@link RunFrame}). */
  private static boolean isClean(ThreadState s) {
    return s.scope == null && s.running == null && s.handoffDepth == 0 && s.pending == null
        && !s.pendingForkJoinTasks && s.poolThreadStarts == 0 && s.origin == null && s.detachedFrom == null
        && s.overlay == null && s.runConsumed == null && s.runStageTask == null && s.runCarriersReplaced == null;
  }

  /** What ends with the run itself: the carriers' values go, a used-up capture counts as done. */
  private static void endRun(ThreadState s) {
    Carriers.restore(s.runCarriersReplaced);
    Captured consumed = s.runConsumed;
    if (consumed != null) {
      // A one-shot registration was used up when the run took it. A stage runs once: its capture goes now
      // rather than when the stage is garbage-collected (which at a high request rate kept the table
      // large), and that removal, which only one run can make, is what counts it done.
      if (s.runStageTask == null || TaskCaptures.removeSticky(s.runStageTask, consumed)) {
        consumed.done();
      }
    }
  }

  /** Puts a thread that was clean before a run back as it was (see {@link #isClean}). */
  private static void restoreClean(ThreadState s) {
    endRun(s);
    s.lastOneShot = null;
    clear(s);
  }

  /** Empties what a run sets or sets aside: the state of a clean thread (see {@link #isClean}). */
  private static void clear(ThreadState s) {
    s.scope = null;
    s.running = null;
    s.runningTask = null;
    s.handoffDepth = 0;
    s.pending = null;
    s.pendingForkJoinTasks = false;
    s.poolThreadStarts = 0;
    s.origin = null;
    s.detachedFrom = null;
    s.overlay = null;
    s.runConsumed = null;
    s.runStageTask = null;
    s.runCarriersReplaced = null;
  }

  /** Before a task runs: attaches its capture. Returns a token for {@link #afterRun}, or null. */
  public static Object beforeRun(Object task) {
    try {
      if (task == null) {
        return null;
      }
      Captured c = TaskCaptures.take(task); // a miss takes no lock: a hash and a volatile read
      if (c != null) {
        return attachForRun(c, task);
      }
      // Another agent may have wrapped the task Detach registered (see ForeignWrappers).
      for (Object inner = ForeignWrappers.inner(task); inner != null; inner = ForeignWrappers.inner(inner)) {
        c = TaskCaptures.take(inner);
        if (c != null) {
          return attachForRun(c, inner);
        }
      }
      return null;
    } catch (Throwable t) {
      AgentLog.fault("task run", t);
      return null;
    }
  }

  /**
   * Attaches {@code c} for one run of its task; a one-shot capture counts as done when the run ends.
   * Returns a token for {@link #afterRun}, or null when an outer run site of the same task attached it.
   */
  static Object attachForRun(Captured c, Object task) {
    ThreadState s = ScopeStorage.stateForWrite();
    if (s.running == c && ((c.sticky && !c.stage) || s.runningTask == task)) {
      // An outer run site of the same task attached it (one-shot and stage captures may serve several
      // tasks: the task must be the same one too).
      if (!c.sticky) {
        c.done(); // this registration is used up too
      }
      return null;
    }
    Object token = isClean(s) ? s : RunFrame.push(s, true);
    clear(s);
    s.scope = c.scopeForRun();
    s.running = c;
    s.runningTask = task;
    s.origin = c.origin;
    s.detachedFrom = c.detached ? c.origin : null;
    if (!c.sticky) {
      s.runConsumed = c;
    } else if (c.stage && isAsyncStart(task)) {
      s.runConsumed = c; // runAsync/supplyAsync's task runs once: done when its (outermost) run ends
      s.runStageTask = task;
    }
    if (c.carried != null) {
      s.runCarriersReplaced = Carriers.attach(c.carried);
    }
    return token;
  }

  /** After a task ran, however it ended: the worker's previous scope is back. */
  public static void afterRun(Object token) {
    if (token instanceof RunFrame) {
      ((RunFrame) token).restore();
    } else if (token != null) {
      restoreClean((ThreadState) token);
    }
  }

  /**
   * After a dependent stage's {@code tryFire}: once the stage has fired ({@code fired}: its {@code dep} was
   * cleared) it never runs again, so its capture goes now, and the request it came from stops counting it
   * as outstanding, instead of both waiting for the stage to be garbage-collected.
   */
  public static void afterStageTried(Object token, Object stage, boolean fired) {
    if (fired) {
      try {
        // The capture attached for this run, by this run site or an outer one of the same stage (doExec);
        // when it is an enclosing task's, the stage had none of its own and the removal finds nothing.
        ThreadState s = ScopeStorage.STATE.get();
        Captured c = s == null ? null : s.running;
        if (c != null && c.stage && TaskCaptures.removeSticky(stage, c)) {
          c.done();
        }
      } catch (Throwable t) {
        AgentLog.fault("stage capture removal", t);
      }
    }
    afterRun(token);
  }

  /**
   * A rejection handler is about to run: it may run the task right here ({@code CallerRunsPolicy}), as
   * the caller's own code, outside the hand-off that rejected it. Returns a token for {@link #afterRun}.
   */
  public static Object rejecting(Object task) {
    forgetRejected(task);
    ThreadState s = ScopeStorage.STATE.get();
    if (s == null || s.handoffDepth == 0) {
      return null;
    }
    RunFrame frame = RunFrame.push(s, false);
    s.handoffDepth = 0;
    s.pending = null;
    return frame;
  }

  /** The run site substituted for {@code task.run()} in the JDK's worker loops. */
  public static void run(Runnable task) {
    Object token = beforeRun(task);
    try {
      task.run();
    } finally {
      afterRun(token);
    }
  }

  /** A new thread's first read of its scope claims what {@link #threadStarting} registered for it. */
  static ThreadState claimThreadStart(Thread thread) {
    try {
      Captured c = TaskCaptures.take(thread);
      if (c == null) {
        return null;
      }
      ThreadState s = new ThreadState();
      s.scope = c.scopeForRun();
      s.origin = c.origin;
      s.detachedFrom = c.detached ? c.origin : null;
      if (c.carried != null) {
        // Never restored: what the thread runs is the task, and the thread ends with it.
        Carriers.attach(c.carried);
      }
      return s;
    } catch (Throwable t) {
      AgentLog.fault("thread start claim", t);
      return null;
    }
  }

  // ---- policy -------------------------------------------------------------------------------------

  static Captured decide(ThreadState s, HandoffKind kind, Object executor, Object task, boolean sticky) {
    if (kind == null) {
      kind = kindOf(executor);
    }
    DetachPolicy policy = decider.decide(kind,
        executor == null ? null : executor.getClass(), task == null ? null : task.getClass());
    return captured(s, kind, policy, sticky);
  }

  /** What a hand-off of {@code kind} from the thread with state {@code s} captures under {@code policy}. */
  private static Captured captured(ThreadState s, HandoffKind kind, DetachPolicy policy, boolean sticky) {
    RequestScope scope = s.scope;
    boolean stage = sticky && kind == HandoffKind.COMPLETABLE_FUTURE; // a stage runs once; periodic tasks do not
    switch (policy) {
      case OFF:
        return Captured.NOTHING;
      case PROPAGATE:
        // The same scope, and the same way of reading the request's objects as this thread.
        return new Captured(scope, 0L, sticky, stage, s.origin, s.detachedFrom != null, Carriers.capture(false));
      default:
        // A task of a detached task carries that scope on.
        RequestScope detached = scope.isDetached() ? scope : scope.detach();
        long timeout = scope.isDetached() ? 0L : detachTimeoutNanos;
        Object carried = Carriers.capture(true);
        if (carried != null || (sticky && !stage)) {
          return new Captured(detached, timeout, sticky, stage, s.origin, true, carried);
        }
        // Captures with nothing carried are alike for every one-shot task a request hands off, and for
        // every stage it creates: one serves them all (each registration still counts on its own), so a
        // hand-off or a stage allocates no capture of its own.
        Captured last = s.lastOneShot;
        if (last == null || !last.isOneShotOf(detached, timeout, s.origin)) {
          last = s.lastOneShot = new Captured(detached, timeout, false, false, s.origin, true, null);
        }
        return stage ? last.forStage() : last;
    }
  }

  private static HandoffKind kindOf(Object executor) {
    if (executor instanceof ScheduledThreadPoolExecutor) {
      return HandoffKind.SCHEDULED;
    }
    if (executor instanceof ForkJoinPool) {
      return HandoffKind.FORK_JOIN;
    }
    return HandoffKind.EXECUTOR;
  }

  private static Object currentPool() {
    Thread t = Thread.currentThread();
    return t instanceof ForkJoinWorkerThread ? ((ForkJoinWorkerThread) t).getPool() : ForkJoinPool.commonPool();
  }

  /**
   * How far up from {@code Thread.start} an executor's {@code execute} is looked for: a pool starts its
   * worker a few calls below it (ThreadPoolExecutor: 2, Jetty's QueuedThreadPool: 4), while a request
   * thread's stack is 50 to 100 frames deep, which a longer look would walk on every thread it starts.
   */
  private static final int EXECUTOR_FRAME_DEPTH = 16;

  /** Executors that start one thread per task: the thread they start is the task. */
  private static final java.util.Set<String> THREAD_PER_TASK_EXECUTORS = java.util.Set.of(
      "java.util.concurrent.ThreadPerTaskExecutor",
      "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor",
      "org.springframework.core.task.SimpleAsyncTaskExecutor",
      "org.springframework.core.task.VirtualThreadTaskExecutor");

  /**
   * A thread started from inside some executor's {@code execute}/{@code submit} (one Detach does not
   * instrument, say a hand-written pool starting its worker lazily) is that executor's worker, not a
   * task: it would otherwise carry the first request's scope into every task it later runs. Known
   * thread-per-task executors, and executors written as lambdas, start the task's own thread. Returns
   * null for a frame that is no executor's submission, else whether it is a pool's. The class is looked
   * at first: a frame's method name costs the walk far more than its class.
   */
  private static Boolean executorFrame(StackWalker.StackFrame f) {
    Class<?> type = f.getDeclaringClass();
    if (!java.util.concurrent.Executor.class.isAssignableFrom(type)) {
      return null;
    }
    if (isThreadPerTask(type)) {
      return false; // whichever of its methods starts a thread (execute, a private start), it is the task's
    }
    String m = f.getMethodName();
    if (!(m.equals("execute") || m.equals("submit") || m.startsWith("invoke") || m.startsWith("schedule"))) {
      return null;
    }
    return true;
  }

  private static boolean isThreadPerTask(Class<?> executor) {
    if (executor.isHidden()) {
      return true; // a lambda: `r -> new Thread(r).start()`
    }
    for (Class<?> c = executor; c != null; c = c.getSuperclass()) {
      if (THREAD_PER_TASK_EXECUTORS.contains(c.getName())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The virtual-thread scheduler is a ForkJoinPool: a virtual thread's continuation submitted to it is
   * not the application's hand-off (the thread's own start captured that). Checked on scoped threads only.
   */
  private static boolean isVirtualThreadScheduling(Object task) {
    String name = task.getClass().getName();
    return name.startsWith("java.lang.VirtualThread") || name.startsWith("java.lang.ThreadBuilders");
  }

  /**
   * The task of {@code runAsync}/{@code supplyAsync}: its run is the one run of the user's code. (Other
   * stages pass through run sites that do not run them yet, so their capture stays until they are gone.)
   */
  private static boolean isAsyncStart(Object task) {
    if (task == null) {
      return false;
    }
    String name = task.getClass().getName();
    return name.equals("java.util.concurrent.CompletableFuture$AsyncRun")
        || name.equals("java.util.concurrent.CompletableFuture$AsyncSupply");
  }

  /**
   * Whether a dependent stage's own body runs application code. {@code allOf}/{@code anyOf} build trees of
   * relays ({@code BiRelay}, {@code AnyOf}, ...), which only pass a result on; {@code thenCombine} pushes a
   * {@code CoCompletion} on its second source, which fires the stage it stands for (whose own capture is
   * attached there); {@code Signaller} only wakes a thread blocked in get/join. Capturing these would cost
   * a capture per node of a fan-out and change nothing that runs.
   */
  private static boolean runsApplicationCode(Object task) {
    return RUNS_APPLICATION_CODE.get(task.getClass());
  }

  private static final ClassValue<Boolean> RUNS_APPLICATION_CODE = new ClassValue<Boolean>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      String name = type.getName();
      return !(name.endsWith("Relay") || name.endsWith("$AnyOf") || name.endsWith("$CoCompletion")
          || name.endsWith("$Signaller"));
    }
  };

  /** Detach's own thread (see dev.detach.DeadlineTimer). */
  private static final String DEADLINE_TIMER_THREAD = "dev.detach.DeadlineTimer$TimerThread";

  private static boolean isApplicationThreadType(Class<?> type) {
    String name = type.getName();
    if (name.equals("java.lang.Thread") || name.equals("java.lang.VirtualThread")) {
      return true;
    }
    if (name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")
        || name.equals(DEADLINE_TIMER_THREAD)) {
      return false;
    }
    return !ForkJoinWorkerThread.class.isAssignableFrom(type);
  }
}
