package dev.detach.it.containers;

import dev.detach.CancellationCause;
import dev.detach.RequestInfo;
import dev.detach.RequestScope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the handlers saw, keyed by the {@code X-Request-Id} (or {@code X-Test-Key}) the test sent. Handlers
 * run in the test's JVM (the servers are embedded), so the test reads this registry directly.
 *
 * <p>A handler calls {@link #dispatch(String, String)} at the start of every dispatch phase; the first
 * phase that sees a request scope registers a cancel listener on it, which records the cause and counts
 * its runs.
 */
public final class Observations {

  private static final Map<String, Observation> BY_KEY = new ConcurrentHashMap<>();
  private static final AtomicInteger BACKGROUND_THREADS = new AtomicInteger();

  /**
   * Threads the handlers use for work off the request thread (completing, re-dispatching, streaming).
   * Not a container thread: the probes never run here.
   */
  public static final ExecutorService BACKGROUND = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "it-background-" + BACKGROUND_THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private Observations() {}

  /** The observation for {@code key}, made on first use. */
  public static Observation of(String key) {
    if (key == null) {
      key = "(no key)";
    }
    return BY_KEY.computeIfAbsent(key, Observation::new);
  }

  /** The observation for {@code key}, or null when no handler recorded one. */
  public static Observation find(String key) {
    return BY_KEY.get(key);
  }

  /** Records what the current thread sees now as phase {@code phase} of request {@code key}. */
  public static Observation dispatch(String key, String phase) {
    Observation o = of(key);
    o.record(phase);
    return o;
  }

  /** Writes one chunk of a streamed response and flushes it. */
  @FunctionalInterface
  public interface ChunkWriter {
    void writeAndFlush(byte[] chunk) throws java.io.IOException;
  }

  /**
   * Streams chunks with short pauses until a write fails (recorded as {@link Observation#writeFailed}) or
   * {@link Protocol#STREAM_MAX_MS} passed. Returns normally either way: the handler swallows the failure,
   * so whatever the agent reports comes from the container's own state.
   */
  public static void streamUntilWriteFails(Observation o, ChunkWriter writer) {
    byte[] chunk = Protocol.chunk();
    long end = System.nanoTime() + Protocol.STREAM_MAX_MS * 1_000_000L;
    int chunks = 0;
    try {
      while (System.nanoTime() < end) {
        writer.writeAndFlush(chunk);
        chunks++;
        Thread.sleep(2);
      }
      o.event("streamed " + chunks + " chunks without a write failing");
    } catch (java.io.IOException e) {
      o.event("write failed after " + chunks + " chunks");
      o.writeFailed(e);
    } catch (RuntimeException e) {
      // Some containers fail writes to a dead connection with an unchecked exception.
      o.event("write failed (unchecked) after " + chunks + " chunks");
      o.writeFailed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      o.event("interrupted after " + chunks + " chunks");
    }
  }

  /** What a handler saw on one thread at one moment. */
  public static final class View {
    public final String phase;
    public final String thread;
    public final boolean virtualThread;
    /** The scope current then; {@link RequestScope#ROOT} when there was none. */
    public final RequestScope scope;
    public final RequestInfo info;
    public final boolean cancelled;
    public final CancellationCause cause;
    public final boolean detached;

    View(String phase) {
      Thread t = Thread.currentThread();
      this.phase = phase;
      this.thread = t.getName();
      this.virtualThread = Protocol.isVirtual(t);
      this.scope = RequestScope.current();
      this.info = RequestInfo.current();
      this.cancelled = scope.isCancelled();
      this.cause = scope.cancellationCause();
      this.detached = scope.isDetached();
    }

    public boolean hasScope() {
      return scope != RequestScope.ROOT;
    }

    /** The id the handler saw, or null without a RequestInfo. */
    public String id() {
      return info == null ? null : info.id();
    }

    @Override
    public String toString() {
      return phase + "@" + thread + (virtualThread ? "(virtual)" : "") + ": "
          + (hasScope() ? "scope " + Integer.toHexString(System.identityHashCode(scope)) : "ROOT")
          + (info == null ? ", no RequestInfo" : ", " + info + " remote=" + info.remoteAddress()
              + " query=" + info.query() + " headers=" + info.headers())
          + (cancelled ? ", cancelled " + cause : "") + (detached ? ", detached" : "");
    }
  }

  /** One request's observations. */
  public static final class Observation {
    public final String key;
    public final List<View> views = new CopyOnWriteArrayList<>();
    /** Container events: AsyncListener calls, write failures, completion of the handler's work. */
    public final List<String> events = new CopyOnWriteArrayList<>();
    public final AtomicInteger listenerRuns = new AtomicInteger();
    private final AtomicBoolean listening = new AtomicBoolean();
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final CountDownLatch handled = new CountDownLatch(1);
    private final CountDownLatch dispatchReturned = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch writeFailed = new CountDownLatch(1);
    private volatile RequestScope listenedScope;
    private volatile RequestInfo firstInfo;
    private volatile CancellationCause cause;
    private volatile String cancellingThread;
    /** The first scope's cancellation state just before the handler completed the async cycle. */
    public volatile Boolean cancelledBeforeComplete;
    /** The exception a streaming write failed with (how the container reported the client's leaving). */
    public volatile Throwable writeFailure;

    Observation(String key) {
      this.key = key;
    }

    void record(String phase) {
      View v = new View(phase);
      views.add(v);
      if (v.hasScope() && listening.compareAndSet(false, true)) {
        listenedScope = v.scope;
        firstInfo = v.info;
        v.scope.addCancelListener(this::onCancel);
      } else if (v.hasScope() && listenedScope != null && v.scope != listenedScope) {
        events.add("'" + phase + "' saw another scope object than the first (first scope now: cancelled="
            + listenedScope.cancellationCause() + "; same RequestInfo object: " + (v.info == firstInfo) + ")");
      }
      handled.countDown();
    }

    private void onCancel(RequestScope scope) {
      if (listenerRuns.incrementAndGet() == 1) {
        cause = scope.cancellationCause();
        cancellingThread = Thread.currentThread().getName();
      }
      cancelled.countDown();
    }

    /** The handler's code for the first dispatch has returned to the container. */
    public void dispatchReturned() {
      events.add("dispatch returned");
      dispatchReturned.countDown();
    }

    /** Lets an async handler complete (the test calls this). */
    public void release() {
      released.countDown();
    }

    /** Called by an async handler's completer: waits (bounded) until the test releases the request. */
    public boolean awaitRelease() {
      return await(released, Duration.ofSeconds(15));
    }

    /** Called by an async handler right before it completes: notes whether the scope was cancelled already. */
    public void beforeComplete() {
      RequestScope s = listenedScope;
      cancelledBeforeComplete = s != null && s.isCancelled();
    }

    public void event(String event) {
      events.add(event);
    }

    public void writeFailed(Throwable t) {
      writeFailure = t;
      events.add("write failed: " + t);
      writeFailed.countDown();
    }

    /** The scope the cancel listener is registered on (the first dispatch's), or null. */
    public RequestScope scope() {
      return listenedScope;
    }

    /** The cause the cancel listener saw, or null when it has not run. */
    public CancellationCause cause() {
      return cause;
    }

    public String cancellingThread() {
      return cancellingThread;
    }

    /** The request id the first view with a RequestInfo saw, or "-" (what async completers answer). */
    public String seenId() {
      for (View v : views) {
        if (v.info != null) {
          return v.info.id();
        }
      }
      return "-";
    }

    /** The first view of {@code phase}, or null. */
    public View view(String phase) {
      for (View v : views) {
        if (v.phase.equals(phase)) {
          return v;
        }
      }
      return null;
    }

    public boolean awaitHandled(Duration d) {
      return await(handled, d);
    }

    public boolean awaitDispatchReturned(Duration d) {
      return await(dispatchReturned, d);
    }

    public boolean awaitWriteFailed(Duration d) {
      return await(writeFailed, d);
    }

    /**
     * Waits (bounded) until the container reported that the client left (an {@code onError} or {@code abort}
     * event the handler recorded) or the scope was cancelled; whether it did.
     */
    public boolean awaitAbortNoticed(Duration d) throws InterruptedException {
      long end = System.nanoTime() + d.toNanos();
      while (true) {
        if (cause != null || events.stream().anyMatch(e -> e.startsWith("onError") || e.startsWith("abort"))) {
          return true;
        }
        if (System.nanoTime() > end) {
          return false;
        }
        Thread.sleep(10);
      }
    }

    /** Waits (bounded) for the cancel listener; the cause, or null when it did not run in time. */
    public CancellationCause awaitCause(Duration d) {
      await(cancelled, d);
      return cause;
    }

    @Override
    public String toString() {
      return "request " + key + ": views=" + views + ", events=" + events + ", listener runs="
          + listenerRuns.get() + (cause == null ? "" : ", cause=" + cause + " on " + cancellingThread);
    }

    private static boolean await(CountDownLatch latch, Duration d) {
      try {
        return latch.await(d.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
