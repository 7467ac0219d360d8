package dev.detach.agent.runtime;

/** What a task handed off from a scoped thread runs in. */
public enum DetachPolicy {
  /** The submitter's values without its lifetime; the default. */
  DETACH,
  /** The submitter's scope itself: the task sees the request's cancellation. */
  PROPAGATE,
  /** Nothing: the task runs with no scope. */
  OFF;

  /** The configuration spelling: {@code detach}, {@code propagate}, {@code off}. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
