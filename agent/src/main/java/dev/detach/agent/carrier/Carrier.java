package dev.detach.agent.carrier;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Carries one kind of thread-bound context (one library's, in one class loader) from the thread that hands
 * a task off to the thread that runs it: capture at the hand-off, attach before the run (returning what it
 * replaced), restore after. The library's classes are reached through method handles: Detach lives on the
 * boot class path and cannot link against them, and every web application may have its own copy.
 */
public abstract class Carrier {

  private final String name;

  protected Carrier(String name) {
    this.name = name;
  }

  /** For messages: the library, e.g. {@code SLF4J MDC}. */
  public final String name() {
    return name;
  }

  /**
   * What the handing-off thread has, or null when there is nothing to carry (then nothing is done in the
   * task either). Called on every scoped hand-off: keep it to one read of the library's state.
   *
   * @param detached the task is detached from the request (policy {@code detach}), not propagated
   */
  protected abstract Object capture(boolean detached) throws Throwable;

  /** Makes {@code captured} current on this thread; returns what it replaced, for {@link #restore}. */
  protected abstract Object attach(Object captured) throws Throwable;

  /** Puts back what {@link #attach} replaced. */
  protected abstract void restore(Object replaced) throws Throwable;

  /** A public static method of {@code owner}. */
  protected static MethodHandle staticMethod(Class<?> owner, String name, Class<?> returnType, Class<?>... parameters)
      throws ReflectiveOperationException {
    return MethodHandles.publicLookup().findStatic(owner, name, MethodType.methodType(returnType, parameters));
  }

  /** A public instance method of {@code owner}. */
  protected static MethodHandle instanceMethod(Class<?> owner, String name, Class<?> returnType,
      Class<?>... parameters) throws ReflectiveOperationException {
    return MethodHandles.publicLookup().findVirtual(owner, name, MethodType.methodType(returnType, parameters));
  }

  @Override
  public String toString() {
    return name;
  }
}
