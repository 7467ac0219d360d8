package dev.detach.it.support;

import dev.detach.RequestScope;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A thread that plays a request: it makes a scope current, does its work (typically hands a task off) and
 * restores the scope. The thread itself is started with no scope current, so starting it captures nothing.
 * Hand-offs that block until the task has run (invokeAll, invoke, parallel streams) block this thread, not
 * the test.
 */
public final class RequestThread {
  private final Thread thread;
  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private RequestThread(String name, RequestScope scope, Bounded.Action work) {
    this.thread = new Thread(() -> {
      try (RequestScope.Attachment ignored = scope.attach()) {
        work.run();
      } catch (Throwable t) {
        failure.set(t);
      } finally {
        done.countDown();
      }
    }, name);
    this.thread.setDaemon(true);
  }

  /** Starts a thread that does {@code work} with {@code scope} current ({@link RequestScope#ROOT}: none). */
  public static RequestThread start(String name, RequestScope scope, Bounded.Action work) {
    RequestThread t = new RequestThread(name, scope, work);
    try (RequestScope.Attachment ignored = RequestScope.ROOT.attach()) {
      t.thread.start();
    }
    return t;
  }

  /** Does {@code work} on a new thread with {@code scope} current and waits for it to finish. */
  public static void run(String name, RequestScope scope, Bounded.Action work) {
    start(name, scope, work).awaitDone();
  }

  public boolean isDone() {
    return done.getCount() == 0;
  }

  public Thread thread() {
    return thread;
  }

  /** Waits (bounded) for the work to finish and rethrows what it threw. */
  public void awaitDone() {
    awaitDone(Bounded.WAIT);
  }

  /** Waits up to {@code bound} for the work to finish and rethrows what it threw. */
  public void awaitDone(java.time.Duration bound) {
    Bounded.join(thread, bound);
    Throwable t = failure.get();
    if (t instanceof AssertionError) {
      throw (AssertionError) t;
    }
    if (t != null) {
      throw new AssertionError(thread.getName() + " failed: " + t, t);
    }
  }
}
