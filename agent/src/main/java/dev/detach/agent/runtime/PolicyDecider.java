package dev.detach.agent.runtime;

/** Chooses the policy for one hand-off; the configured rules implement it. */
public interface PolicyDecider {
  /**
   * @param kind the hand-off point
   * @param executorClass the executor's class (for thread starts, the thread's class), or null
   * @param taskClass the submitted task's class, or null when a call submits several
   */
  DetachPolicy decide(HandoffKind kind, Class<?> executorClass, Class<?> taskClass);

  /**
   * The policy for a thread about to start here and now. {@code executorFrame} classifies the nearest
   * {@code poolDepth} frames of the current stack: null for a frame that is no executor's submission,
   * true for a pool's (the thread is that pool's worker: {@code OFF}), false for a thread-per-task
   * executor's (the thread is the task). Unless a pool's frame comes first, as {@link #decide} with the
   * thread's class as executor and task. An implementation that looks at the stack for its own rules
   * looks once for both.
   */
  DetachPolicy decideNewThread(HandoffKind kind, Class<?> threadClass,
      java.util.function.Function<StackWalker.StackFrame, Boolean> executorFrame, int poolDepth);

  /**
   * Whether the user's own rules for this kind look at the stack ({@code caller:}, {@code stack:}): then
   * every decision needs the current stack, and none may be reused for another call site.
   */
  boolean userRulesLookAtStack(HandoffKind kind);
}
