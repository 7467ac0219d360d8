package dev.detach.it.handoff;

import dev.detach.CancellationCause;
import dev.detach.RequestScope;
import dev.detach.it.support.Bounded;
import dev.detach.it.support.Gate;
import dev.detach.it.support.ScopeView;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The task the scenarios hand off: it looks at its scope once at the start and once at the end, and can be
 * held at a gate before it looks or between the two looks, and listen for its scope's cancellation.
 */
final class ObservingTask implements Runnable {
  private final String name;
  private final Gate holdBeforeLooking;
  private final Gate holdAfterLooking;
  private final boolean listen;
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch looked = new CountDownLatch(1);
  private final CompletableFuture<ScopeView> firstLook = new CompletableFuture<>();
  private final CompletableFuture<ScopeView> lastLook = new CompletableFuture<>();
  private final CompletableFuture<ScopeView> cancelled = new CompletableFuture<>();

  private ObservingTask(String name, Gate holdBeforeLooking, Gate holdAfterLooking, boolean listen) {
    this.name = name;
    this.holdBeforeLooking = holdBeforeLooking;
    this.holdAfterLooking = holdAfterLooking;
    this.listen = listen;
  }

  /** Looks at its scope and returns. */
  static ObservingTask looking(String name) {
    return new ObservingTask(name, null, null, false);
  }

  /** Waits at {@code gate}, then looks. */
  static ObservingTask heldBeforeLooking(String name, Gate gate) {
    return new ObservingTask(name, gate, null, false);
  }

  /** Looks, registers a cancel listener on its scope, waits at {@code gate} and looks again. */
  static ObservingTask heldWhileRunning(String name, Gate gate) {
    return new ObservingTask(name, null, gate, true);
  }

  /** Looks, registers a cancel listener on its scope and returns. */
  static ObservingTask listening(String name) {
    return new ObservingTask(name, null, null, true);
  }

  @Override
  public void run() {
    started.countDown();
    try {
      if (holdBeforeLooking != null) {
        holdBeforeLooking.pass();
      }
      firstLook.complete(ScopeView.current());
      if (listen) {
        RequestScope.current().addCancelListener(s -> cancelled.complete(ScopeView.of(s)));
      }
      looked.countDown();
      if (holdAfterLooking != null) {
        holdAfterLooking.pass();
      }
      lastLook.complete(ScopeView.current());
    } catch (Throwable t) {
      fail(t);
      throw t;
    }
  }

  /** Marks the task failed (for a hand-off that could not even submit it). */
  void fail(Throwable t) {
    firstLook.completeExceptionally(t);
    lastLook.completeExceptionally(t);
  }

  boolean hasStarted() {
    return started.getCount() == 0;
  }

  void awaitStarted() {
    Bounded.await(started, name + " to start");
  }

  void awaitLooked() {
    Bounded.await(looked, name + " to look at its scope");
  }

  /** What the task saw first (waits for it, bounded). */
  ScopeView firstLook() {
    return Bounded.get(firstLook, name + " to look at its scope");
  }

  /** What the task saw last (waits for it, bounded). */
  ScopeView lastLook() {
    return Bounded.get(lastLook, name + " to finish");
  }

  /** The scope its cancel listener was called with, once it was; null when it has not been. */
  ScopeView cancellationSoFar() {
    return cancelled.getNow(null);
  }

  /** The scope its cancel listener was called with (waits for it, bounded). */
  ScopeView awaitCancellation() {
    return Bounded.get(cancelled, "the cancel listener of " + name + " to be called");
  }

  /** The cause its cancel listener saw, or null. */
  CancellationCause causeSoFar() {
    ScopeView v = cancellationSoFar();
    return v == null ? null : v.cause();
  }

  @Override
  public String toString() {
    return name;
  }
}
