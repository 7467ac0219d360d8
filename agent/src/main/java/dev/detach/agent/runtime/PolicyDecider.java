package dev.detach.agent.runtime;

/** Chooses the policy for one hand-off; the configured rules implement it. */
@FunctionalInterface
public interface PolicyDecider {
  /**
   * @param kind the hand-off point
   * @param executorClass the executor's class (for thread starts, the thread's class), or null
   * @param taskClass the submitted task's class, or null when a call submits several
   */
  DetachPolicy decide(HandoffKind kind, Class<?> executorClass, Class<?> taskClass);
}
