package dev.detach.agent.runtime;

/**
 * The policy for the threads of one JDK thread-per-task executor ({@code Executors.newVirtualThreadPerTaskExecutor()},
 * {@code newThreadPerTaskExecutor(factory)}): decided, with the stack, at the first thread it starts from a
 * scoped thread, and reused for the threads it starts later.
 *
 * <p>Deciding a thread start looks at the stack (the built-in rule turns off threads that a pooling
 * framework starts, such as Jetty's virtual threads), and a look at the stack costs more than starting a
 * virtual thread. An executor's threads are all the same kind of work for the same owner: a server's
 * executor is submitted to by the server, an application's by the application. So one look per executor
 * serves them all, unless the user's own rules look at the stack ({@code caller:}, {@code stack:}), which
 * are about each call site and are decided every time.
 */
final class ThreadPerTaskDecisions {

  private static final WeakIdentityTable<Decision> BY_EXECUTOR = new WeakIdentityTable<>();

  private ThreadPerTaskDecisions() {}

  /** One executor's decision, for threads of one kind and class (an executor's factory makes one kind). */
  private static final class Decision {
    final HandoffKind kind;
    final Class<?> threadType;
    final DetachPolicy policy;

    Decision(HandoffKind kind, Class<?> threadType, DetachPolicy policy) {
      this.kind = kind;
      this.threadType = threadType;
      this.policy = policy;
    }
  }

  static DetachPolicy policy(PolicyDecider decider, Object executor, HandoffKind kind, Class<?> threadType) {
    if (decider.userRulesLookAtStack(kind)) {
      return Handoffs.decideNewThread(decider, kind, threadType);
    }
    Decision known = BY_EXECUTOR.get(executor);
    if (known != null && known.kind == kind && known.threadType == threadType) {
      return known.policy;
    }
    Decision decided = new Decision(kind, threadType, Handoffs.decideNewThread(decider, kind, threadType));
    if (known == null) {
      BY_EXECUTOR.putIfAbsent(executor, decided);
    } else {
      BY_EXECUTOR.replace(executor, known, decided);
    }
    return decided.policy;
  }
}
