package dev.detach.agent.runtime;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Internal: one request as its detached tasks see it. Not an API.
 *
 * <p>A container request has one origin, shared by the request thread and by every task handed off from
 * it (and their tasks). It knows the objects the application holds for the request (the container's
 * servlet request and response objects), counts the detached tasks still pending or running, and, once
 * the request completed, holds what answers for those objects from then on (the container package's
 * copy). The copy is taken only when some detached task is outstanding at completion.
 */
public final class RequestOrigin {

  private static final Object[] NONE = {};

  /**
   * Called when a request gets its first detached task, on the thread handing it off: the container
   * package notes what of the request depends on the dispatch running now (servlet and context paths,
   * dispatcher type), which containers reset before completion.
   */
  private static volatile Consumer<RequestOrigin> firstTaskListener;

  /** Detached tasks registered and not yet run (or running); sticky captures never count down. */
  private final AtomicInteger outstanding = new AtomicInteger();
  /** The application-facing request and response objects; copy-on-write, a handful at most. */
  private volatile Object[] objects = NONE;
  /** Set once, at completion: what answers for {@link #objects} after it (null until then). */
  private volatile Object completion;
  /** What the container package noted at the first detached hand-off (opaque here), or null. */
  private volatile Object atFirstTask;
  private final AtomicBoolean firstTaskSeen = new AtomicBoolean();

  /** Installs the listener of first detached tasks; called once at start-up. */
  public static void onFirstTask(Consumer<RequestOrigin> listener) {
    firstTaskListener = listener;
  }

  public Object atFirstTask() {
    return atFirstTask;
  }

  public void setAtFirstTask(Object noted) {
    atFirstTask = noted;
  }

  /** Adds an object the application may hold for this request; repeated calls are cheap. */
  public void addObject(Object o) {
    if (o == null || covers(o)) {
      return;
    }
    synchronized (this) {
      Object[] current = objects;
      for (Object x : current) {
        if (x == o) {
          return;
        }
      }
      Object[] more = java.util.Arrays.copyOf(current, current.length + 1);
      more[current.length] = o;
      objects = more;
    }
  }

  /** Whether {@code o} is one of this request's objects (identity). */
  public boolean covers(Object o) {
    for (Object x : objects) {
      if (x == o) {
        return true;
      }
    }
    return false;
  }

  public Object[] objects() {
    return objects;
  }

  /** Whether a detached task of this request may still run. */
  public boolean hasOutstandingTasks() {
    return outstanding.get() > 0;
  }

  /** The request completed: {@code answers} (never null) serves its objects from now on. */
  public void complete(Object answers) {
    completion = answers;
  }

  /** What serves this request's objects after completion, or null while it is live (or was never copied). */
  public Object completion() {
    return completion;
  }

  void taskQueued() {
    outstanding.incrementAndGet();
    Consumer<RequestOrigin> listener = firstTaskListener;
    if (listener != null && completion == null && !firstTaskSeen.get() && firstTaskSeen.compareAndSet(false, true)) {
      try {
        listener.accept(this);
      } catch (Throwable t) {
        AgentLog.fault("first detached task", t);
      }
    }
  }

  void taskDone() {
    outstanding.decrementAndGet();
  }
}
