package dev.detach.agent.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Internal: one request as its detached tasks see it. Not an API.
 *
 * <p>A container request has one origin, shared by the request thread and by every task handed off from
 * it (and their tasks). It knows the objects the application holds for the request (the container's
 * servlet request and response objects), counts the detached tasks still pending or running, and, once
 * the request completed, holds what answers for those objects from then on (the container package's
 * copy). The copy is taken only when some detached task is outstanding at completion.
 *
 * <p>While the request is live, its detached tasks read its objects as they are, one at a time: containers
 * fill parameters, cookies and the like lazily on the first read, without a lock (Tomcat marks parameters
 * parsed before it parses them, Jetty publishes an empty map before it decodes into it), so two reads at
 * once, or a read next to the copy taken at completion, can see an empty half-made value. The
 * {@linkplain #beginLiveRead live-read gate} makes every such read, and taking the copy, exclusive; once
 * the copy is published, reads answer from it and never wait.
 */
public final class RequestOrigin {

  private static final Object[] NONE = {};
  private static final AtomicReferenceFieldUpdater<RequestOrigin, ReentrantLock> GATE =
      AtomicReferenceFieldUpdater.newUpdater(RequestOrigin.class, ReentrantLock.class, "gate");
  // Updaters, not atomic objects: an origin is made for every request a container serves.
  private static final AtomicIntegerFieldUpdater<RequestOrigin> OUTSTANDING =
      AtomicIntegerFieldUpdater.newUpdater(RequestOrigin.class, "outstanding");
  private static final AtomicIntegerFieldUpdater<RequestOrigin> FIRST_TASK_SEEN =
      AtomicIntegerFieldUpdater.newUpdater(RequestOrigin.class, "firstTaskSeen");

  /**
   * Called when a request gets its first detached task, on the thread handing it off: the container
   * package notes what of the request depends on the dispatch running now (servlet and context paths,
   * dispatcher type), which containers reset before completion.
   */
  private static volatile Consumer<RequestOrigin> firstTaskListener;

  /** Detached tasks registered and not yet run (or running); sticky captures never count down. */
  private volatile int outstanding;
  /** The application-facing request and response objects; copy-on-write, a handful at most. */
  private volatile Object[] objects = NONE;
  /** Set once, at completion: what answers for {@link #objects} after it (null until then). */
  private volatile Object completion;
  /** What the container package noted at the first detached hand-off (opaque here), or null. */
  private volatile Object atFirstTask;
  /** 1 once the first detached task was seen. */
  private volatile int firstTaskSeen;
  /**
   * Held by a detached task's read of a live object of this request, and by the completion while it
   * takes the copy. Made with the request's first detached task: a request that never had one has no
   * reads to order and pays nothing.
   */
  private volatile ReentrantLock gate;

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

  /**
   * A detached task is about to read one of this request's objects: null when the request completed
   * (answer from {@link #completion()}, without waiting); otherwise the request is live and stays live,
   * with no other detached read and no copy under way, until {@link #endLiveRead()}, which the caller
   * must call exactly once. Reentrant: a container method that calls another of its public methods reads
   * under the same gate.
   */
  public Object beginLiveRead() {
    Object done = completion;
    if (done != null) {
      return done;
    }
    ReentrantLock g = gate();
    g.lock();
    done = completion;
    if (done != null) {
      g.unlock();
      return done;
    }
    return null;
  }

  /** Ends a read {@link #beginLiveRead()} let through. */
  public void endLiveRead() {
    gate.unlock();
  }

  /**
   * The container is about to complete the request: waits until no detached task reads its objects live
   * and holds them off until {@link #endCompletion}. Returns whether it holds the gate (false: the request
   * never had a detached task, or a live read did not end within {@code waitMillis}; the copy is then taken
   * next to it, and that is logged).
   */
  public boolean beginCompletion(long waitMillis) {
    ReentrantLock g = gate;
    if (g == null) {
      return false;
    }
    try {
      if (g.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
        return true;
      }
      AgentLog.warnOnce("slow live read", "a background task read its request for more than " + waitMillis + " ms while the "
          + "container completed it (a request body?); the request's copy was taken without waiting for it");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the container's to handle; the copy is taken all the same
    }
    return false;
  }

  /** Ends what {@link #beginCompletion} began, after {@link #complete} published the copy. */
  public void endCompletion(boolean held) {
    if (held) {
      gate.unlock();
    }
  }

  private ReentrantLock gate() {
    ReentrantLock g = gate;
    if (g == null) {
      g = new ReentrantLock();
      if (!GATE.compareAndSet(this, null, g)) {
        g = gate;
      }
    }
    return g;
  }

  /** Whether a detached task of this request may still run. */
  public boolean hasOutstandingTasks() {
    return outstanding > 0;
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
    gate(); // before the task can run: the completion sees it and waits for the task's live reads
    OUTSTANDING.incrementAndGet(this);
    Consumer<RequestOrigin> listener = firstTaskListener;
    if (listener != null && completion == null && firstTaskSeen == 0
        && FIRST_TASK_SEEN.compareAndSet(this, 0, 1)) {
      try {
        listener.accept(this);
      } catch (Throwable t) {
        AgentLog.fault("first detached task", t);
      }
    }
  }

  void taskDone() {
    OUTSTANDING.decrementAndGet(this);
  }
}
