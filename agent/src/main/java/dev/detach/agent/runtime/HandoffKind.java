package dev.detach.agent.runtime;

/** The kinds of hand-off point, as named by {@code kind:} selectors in {@code policy.rules}. */
public enum HandoffKind {
  /** {@code ThreadPoolExecutor} and subclasses: execute, submit, invokeAll, invokeAny. */
  EXECUTOR("executor"),
  /** {@code ScheduledThreadPoolExecutor}: schedule, scheduleAtFixedRate, scheduleWithFixedDelay. */
  SCHEDULED("scheduled"),
  /** {@code ForkJoinPool} submissions and {@code ForkJoinTask.fork}. */
  FORK_JOIN("fork-join"),
  /** {@code CompletableFuture} async and dependent stages. */
  COMPLETABLE_FUTURE("completable-future"),
  /** A new platform thread: {@code Thread.start}. */
  THREAD("thread"),
  /** A new virtual thread, directly or from a thread-per-task executor. */
  VIRTUAL_THREAD("virtual-thread"),
  /** {@code java.util.Timer}. */
  TIMER("timer"),
  /** An executor named in {@code executors.include}. */
  CUSTOM_EXECUTOR("custom-executor");

  private final String configName;

  HandoffKind(String configName) {
    this.configName = configName;
  }

  /** The spelling used in configuration rules. */
  public String configName() {
    return configName;
  }

  /** The kind with this configuration spelling, or null. */
  public static HandoffKind fromConfigName(String name) {
    for (HandoffKind k : values()) {
      if (k.configName.equals(name)) {
        return k;
      }
    }
    return null;
  }
}
