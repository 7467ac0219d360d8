package dev.detach.it.support;

import dev.detach.RequestScope;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A thread pool that checks its worker around every task: {@code afterExecute} runs after the task's body
 * returned, so the task's scope must be gone by then. Also remembers what it was given to run.
 */
public class ObservedThreadPool extends ThreadPoolExecutor implements ObservedPool {
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final List<Runnable> executed = new CopyOnWriteArrayList<>();

  public ObservedThreadPool(int threads) {
    super(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
  }

  @Override
  protected void afterExecute(Runnable r, Throwable t) {
    executed.add(r);
    RequestScope s = RequestScope.current();
    if (s != RequestScope.ROOT) {
      violations.add("afterExecute of " + r + " on " + Thread.currentThread().getName() + " saw " + ScopeView.current());
    }
  }

  @Override
  public List<String> violations() {
    return violations;
  }

  /** The runnables that afterExecute was given, in order. */
  public List<Runnable> executed() {
    return executed;
  }
}
