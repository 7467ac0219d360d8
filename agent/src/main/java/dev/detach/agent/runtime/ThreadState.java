package dev.detach.agent.runtime;

import dev.detach.RequestScope;

/**
 * What the agent keeps per thread, created the first time a scope is attached there. Once the thread's
 * scope is restored it holds no value, so a pooled thread keeps only this empty holder.
 */
final class ThreadState {
  /** The current scope, or null (root). */
  RequestScope scope;
  /** How many hand-off methods this thread is inside; only the outermost decides what to capture. */
  int handoffDepth;
  /** The outermost hand-off's decision, used by the methods it calls to register what they queue. */
  Captured pending;
  /** Inside code that starts pool threads (TPE.addWorker, FJP.createWorker): threads started there are not tasks. */
  int poolThreadStarts;
  /**
   * While a JDK thread-per-task executor starts a thread from this (scoped) thread: that thread, which is
   * the task, and the executor, whose threads share one decision (see Handoffs#threadStarting). Set and
   * cleared around the executor's start of one thread, with no application code in between.
   */
  Thread perTaskThread;
  Object perTaskExecutor;
  /** The container request whose dispatch runs on this thread (a ContainerRequests generation), or null. */
  Object request;
  /**
   * Inside Detach's own bookkeeping. Releasing a contended lock there can unpark a virtual thread, which
   * submits its continuation to the scheduler's ForkJoinPool on this thread: that is not a hand-off, and
   * registering it would make the scheduler's carrier threads wait on Detach's locks.
   */
  boolean inAgent;
  /** The outermost hand-off is a fork/join or CompletableFuture one, whose tasks are built inside it. */
  boolean pendingForkJoinTasks;
  /** The request this thread works for: the one it dispatches, or the one its running task came from. */
  RequestOrigin origin;
  /**
   * Set while a detached task runs: the request it was handed off from, whose objects answer from the
   * request's copy once it completed. Null on request threads and in propagated tasks, which read live.
   */
  RequestOrigin detachedFrom;
  /** The running task's own changes to completed requests' attributes (the container package's), or null. */
  Object overlay;
  /** The capture whose scope is attached by the innermost running task, so nested run sites of one task attach once. */
  Captured running;
  /** The task {@link #running} was attached for (null when unknown: a wrapper that attaches itself). */
  Object runningTask;
  /** The one-shot capture (or async stage) the running task used up, counted done when its run ends; else null. */
  Captured runConsumed;
  /** The async stage whose capture the running task used: dropped from the table when its run ends. */
  Object runStageTask;
  /** What the context carriers replaced on this thread for the running task (see Carriers#attach), or null. */
  Object runCarriersReplaced;
  /**
   * The one-shot capture this thread's last detached hand-off made, reused by the next one while it fits,
   * and its stage form by the stages this thread creates (see Handoffs#captured); dropped when the dispatch
   * or the run that made it ends.
   */
  Captured lastOneShot;
  /** The run frames this thread reuses for nested runs (Handoffs.RunFrame), and how many are in use. */
  Object[] runFrames;
  int runFrameDepth;
}
