package dev.detach;

import dev.detach.agent.runtime.ScopeStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The scope of one request: immutable values under typed keys, and a lifetime that ends when the request
 * does. Detach opens one when a servlet container dispatches a request, makes it {@linkplain #current()
 * current} on the request thread, and cancels it when the response is complete.
 *
 * <p>When code on the request thread hands work to another thread (an executor, {@code
 * CompletableFuture}, a new thread, a timer), the task runs in a scope chosen by the configured policy;
 * by default the {@linkplain #detach() detached} scope: the request's values without its lifetime, so
 * background work is not cancelled when the response is sent. This is Go's {@code
 * context.WithoutCancel} and gRPC's {@code Context.fork()}.
 *
 * <h2>Reading values</h2>
 * <pre>{@code
 * static final RequestScope.Key<String> TENANT = RequestScope.key("tenant");
 *
 * String tenant = RequestScope.current().get(TENANT);
 * }</pre>
 *
 * <h2>Adding values</h2>
 * Scopes never change. {@link #withValue} returns a new scope that shares this one's lifetime; attach it
 * to make it current, and close the attachment to restore what was current before:
 * <pre>{@code
 * try (RequestScope.Attachment ignored = RequestScope.current().withValue(TENANT, "acme").attach()) {
 *   service.handle();      // sees TENANT, and so does every task it hands off
 * }
 * }</pre>
 *
 * <h2>Cancellation</h2>
 * A scope is cancelled once, with a {@link CancellationCause}. Long-running work polls {@link
 * #isCancelled()} or {@link #throwIfCancelled()}, or registers a {@link CancelListener}. {@link
 * #withTimeout} and {@link #withDeadline} give a child scope that also ends at a deadline; {@link
 * #withCancellation()} gives one that code can cancel.
 *
 * <h2>Without the agent</h2>
 * The class works as a plain library: capture {@code RequestScope.current()} and use {@link
 * #wrap(Runnable)} or {@link #attach()} yourself. With the agent, application code that was compiled
 * against this class uses the agent's copy in every class loader.
 *
 * <h2>Cautions</h2>
 * <ul>
 *   <li>Always close an {@link Attachment} on the thread that made it, in a {@code finally} or a
 *       try-with-resources: a scope left attached to a pooled thread leaks into the next task.
 *   <li>Values are shared by reference with every task that carries the scope: store immutable values.
 *   <li>Keys compare by identity: keep them in {@code static final} fields.
 * </ul>
 */
public class RequestScope {

  /** The scope of code that runs outside any request: no values, never cancelled. */
  public static final RequestScope ROOT = new RequestScope(new Object[0], Lifetime.NEVER, false);

  private final Object[] values; // key, value, key, value, ...
  final Lifetime lifetime;
  private final boolean detached;
  private RequestScope detachedView; // benign race: every view is equal

  RequestScope(Object[] values, Lifetime lifetime, boolean detached) {
    this.values = values;
    this.lifetime = lifetime;
    this.detached = detached;
  }

  /** A key for values of type {@code T}; keys compare by identity, the name is for debugging. */
  public static <T> Key<T> key(String name) {
    return new Key<>(name, null);
  }

  /** A key whose {@link #get} returns {@code defaultValue} in scopes that have no value for it. */
  public static <T> Key<T> keyWithDefault(String name, T defaultValue) {
    return new Key<>(name, defaultValue);
  }

  /** The scope current on this thread; {@link #ROOT} when there is none. Never null. */
  public static RequestScope current() {
    RequestScope s = ScopeStorage.current();
    return s == null ? ROOT : s;
  }

  /** The value for {@code key}, or the key's default. */
  @SuppressWarnings("unchecked")
  public <T> T get(Key<T> key) {
    Object[] v = values;
    for (int i = 0; i < v.length; i += 2) {
      if (v[i] == key) {
        return (T) v[i + 1];
      }
    }
    return key.defaultValue;
  }

  /** A scope with the same values and lifetime, where {@code key} maps to {@code value}. */
  public <T> RequestScope withValue(Key<T> key, T value) {
    Objects.requireNonNull(key, "key");
    Object[] v = values;
    for (int i = 0; i < v.length; i += 2) {
      if (v[i] == key) {
        Object[] copy = v.clone();
        copy[i + 1] = value;
        return derive(copy, lifetime);
      }
    }
    Object[] copy = java.util.Arrays.copyOf(v, v.length + 2);
    copy[v.length] = key;
    copy[v.length + 1] = value;
    return derive(copy, lifetime);
  }

  /** The keys that have a value in this scope, in the order they were added. */
  public List<Key<?>> keys() {
    List<Key<?>> keys = new ArrayList<>(values.length / 2);
    for (int i = 0; i < values.length; i += 2) {
      keys.add((Key<?>) values[i]);
    }
    return keys;
  }

  /**
   * True once this scope is cancelled: its request ended, its deadline passed, or it was cancelled in
   * code. Never true for {@link #ROOT} or a detached scope without a deadline.
   */
  public boolean isCancelled() {
    return lifetime.ended() != null;
  }

  /** Why this scope was cancelled, or null while it is not. */
  public CancellationCause cancellationCause() {
    Lifetime.Ended e = lifetime.ended();
    return e == null ? null : e.cause;
  }

  /** The throwable given with the cancellation (a client's I/O error, say), or null. */
  public Throwable cancellationDetail() {
    Lifetime.Ended e = lifetime.ended();
    return e == null ? null : e.detail;
  }

  /** Throws {@link RequestCancelledException} when this scope is cancelled. */
  public void throwIfCancelled() {
    Lifetime.Ended e = lifetime.ended();
    if (e != null) {
      throw new RequestCancelledException(e.cause, e.detail);
    }
  }

  /** The earliest deadline of this scope, if it has one. */
  public Optional<Instant> deadline() {
    if (!lifetime.hasEffectiveDeadline()) {
      return Optional.empty();
    }
    long remaining = lifetime.effectiveDeadlineNanos() - System.nanoTime();
    return Optional.of(Instant.now().plusNanos(remaining));
  }

  /** The time left until the deadline (negative once it passed), if there is one. */
  public Optional<Duration> timeRemaining() {
    if (!lifetime.hasEffectiveDeadline()) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(lifetime.effectiveDeadlineNanos() - System.nanoTime()));
  }

  /**
   * Registers a listener that runs once when this scope is cancelled, or at once if it already is.
   * Scopes that can never be cancelled ({@link #ROOT}, detached scopes without a deadline) keep no
   * listeners.
   */
  public void addCancelListener(CancelListener listener) {
    Objects.requireNonNull(listener, "listener");
    lifetime.addObserver(new ListenerRegistration(listener, this));
  }

  /** Removes a listener added to this scope; nothing happens if it was not there. */
  public void removeCancelListener(CancelListener listener) {
    lifetime.removeObserver(new ListenerRegistration(listener, this));
  }

  /**
   * The values of this scope without its lifetime: never cancelled, no deadline. Tasks handed off under
   * the default {@code detach} policy run in this scope (with {@code detach.timeout} as their own
   * deadline, when configured). Detaching a detached scope returns it unchanged.
   */
  public RequestScope detach() {
    if (detached) {
      return this;
    }
    RequestScope view = detachedView;
    if (view == null) {
      view = new RequestScope(values, Lifetime.NEVER, true);
      detachedView = view;
    }
    return view;
  }

  /** True for scopes made by {@link #detach()} and the scopes derived from them. */
  public boolean isDetached() {
    return detached;
  }

  /** A child scope that is also cancelled, with {@code DEADLINE_EXCEEDED}, when {@code timeout} has passed. */
  public RequestScope withTimeout(Duration timeout) {
    return derive(values, Lifetime.childOf(lifetime, true, System.nanoTime() + saturatedNanos(timeout)));
  }

  /** A child scope that is also cancelled, with {@code DEADLINE_EXCEEDED}, at {@code deadline}. */
  public RequestScope withDeadline(Instant deadline) {
    return withTimeout(Duration.between(Instant.now(), deadline));
  }

  /** A child scope that code can cancel; it is also cancelled when this scope is. */
  public CancellableScope withCancellation() {
    return new CancellableScope(values, Lifetime.childOf(lifetime, false, 0L), detached);
  }

  /**
   * Makes this scope current on this thread until the returned attachment is closed, which restores the
   * scope that was current before.
   */
  public Attachment attach() {
    return new Attachment(this, ScopeStorage.attach(this == ROOT ? null : this));
  }

  /** Runs {@code task} with this scope current, then restores the previous one. */
  public void run(Runnable task) {
    RequestScope previous = ScopeStorage.attach(this == ROOT ? null : this);
    try {
      task.run();
    } finally {
      ScopeStorage.restore(previous);
    }
  }

  /** Calls {@code task} with this scope current, then restores the previous one. */
  public <V> V call(Callable<V> task) throws Exception {
    RequestScope previous = ScopeStorage.attach(this == ROOT ? null : this);
    try {
      return task.call();
    } finally {
      ScopeStorage.restore(previous);
    }
  }

  /** A runnable that runs {@code task} in this scope, on whatever thread runs it: manual capture. */
  public Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    return () -> run(task);
  }

  /** A callable that calls {@code task} in this scope, on whatever thread calls it: manual capture. */
  public <V> Callable<V> wrap(Callable<V> task) {
    Objects.requireNonNull(task, "task");
    return () -> call(task);
  }

  RequestScope derive(Object[] newValues, Lifetime newLifetime) {
    return new RequestScope(newValues, newLifetime, detached);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
    }
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("RequestScope{");
    if (this == ROOT) {
      b.append("ROOT");
    } else {
      b.append("keys=[");
      for (int i = 0; i < values.length; i += 2) {
        b.append(i == 0 ? "" : ", ").append(((Key<?>) values[i]).name);
      }
      b.append(']');
      if (detached) {
        b.append(", detached");
      }
      Lifetime.Ended e = lifetime.ended();
      if (e != null) {
        b.append(", cancelled=").append(e.cause);
      }
    }
    return b.append('}').toString();
  }

  /**
   * A key for a scope value. Keys compare by identity: two keys with the same name are different keys.
   */
  public static final class Key<T> {
    final String name;
    final T defaultValue;

    Key(String name, T defaultValue) {
      this.name = Objects.requireNonNull(name, "name");
      this.defaultValue = defaultValue;
    }

    /** The name given when the key was made. */
    public String name() {
      return name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * An attached scope. {@link #close()} restores the scope that was current when it was attached; close
   * it on the same thread, once.
   */
  public static final class Attachment implements AutoCloseable {
    private final RequestScope attached;
    private final RequestScope previous;
    private boolean closed;

    Attachment(RequestScope attached, RequestScope previous) {
      this.attached = attached;
      this.previous = previous;
    }

    /** Restores the scope that was current before {@link RequestScope#attach()}. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      ScopeStorage.restore(previous);
    }

    @Override
    public String toString() {
      return "Attachment{" + attached + '}';
    }
  }

  /** Equality by (listener, scope), so that removeCancelListener finds what addCancelListener added. */
  private static final class ListenerRegistration implements Lifetime.Observer {
    final CancelListener listener;
    final RequestScope scope;

    ListenerRegistration(CancelListener listener, RequestScope scope) {
      this.listener = listener;
      this.scope = scope;
    }

    @Override
    public void ended(Lifetime lifetime) {
      listener.cancelled(scope);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ListenerRegistration
          && ((ListenerRegistration) o).listener == listener
          && ((ListenerRegistration) o).scope == scope;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(listener) * 31 + System.identityHashCode(scope);
    }
  }
}
