package com.example.callers;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Application code as far as policy rules are concerned: its package is outside the JDK and the agent,
 * whose frames {@code caller:} and {@code stack:} conditions skip.
 */
public final class Submitter {

  private Submitter() {}

  /** Runs {@code action} with this class as its nearest application frame. */
  public static <T> T call(Supplier<T> action) {
    return action.get();
  }

  /** Runs {@code action} with {@link Relay} as its nearest application frame and this class below it. */
  public static <T> T viaRelay(Supplier<T> action) {
    return Relay.call(action);
  }

  /** Runs {@code action} under {@code depth} frames of {@link Relay}, with this class below them. */
  public static <T> T viaRelays(int depth, Supplier<T> action) {
    return Relay.recurse(depth, action);
  }

  /** Runs {@code action} inside {@code pool}'s own method, as a custom executor's hand-off would be. */
  public static <T> T throughPool(Pool pool, Function<Class<?>, T> action) {
    return pool.submit(action);
  }

  /** A class in between: a library the submitter calls. */
  public static final class Relay {
    private Relay() {}

    static <T> T call(Supplier<T> action) {
      return action.get();
    }

    static <T> T recurse(int depth, Supplier<T> action) {
      return depth <= 1 ? action.get() : recurse(depth - 1, action);
    }
  }

  /** An application executor: the hand-off is seen inside its own method. */
  public static class Pool {
    <T> T submit(Function<Class<?>, T> action) {
      return action.apply(getClass());
    }
  }

  /** A subclass whose inherited frames belong to its superclass {@link Pool}. */
  public static class SubPool extends Pool {}
}
