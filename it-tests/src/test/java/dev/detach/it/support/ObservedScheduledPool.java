package dev.detach.it.support;

import dev.detach.RequestScope;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** A scheduled pool that checks, after every run (periodic runs too), that the run's scope is gone. */
public class ObservedScheduledPool extends ScheduledThreadPoolExecutor implements ObservedPool {
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final List<Runnable> executed = new CopyOnWriteArrayList<>();

  public ObservedScheduledPool(int threads) {
    super(threads);
  }

  @Override
  protected void beforeExecute(Thread t, Runnable r) {
    executed.add(r);
  }

  @Override
  protected void afterExecute(Runnable r, Throwable t) {
    if (RequestScope.current() != RequestScope.ROOT) {
      violations.add("afterExecute of " + r + " on " + Thread.currentThread().getName() + " saw " + ScopeView.current());
    }
  }

  @Override
  public List<String> violations() {
    return violations;
  }

  /** The runnables that beforeExecute was given, in order (a periodic task once per run). */
  public List<Runnable> executed() {
    return executed;
  }
}
