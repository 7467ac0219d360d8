package dev.detach.agent.carrier.log4j;

import dev.detach.agent.carrier.Carrier;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.Collection;
import java.util.Map;

/**
 * Log4j 2's {@code ThreadContext}: the task gets the handing-off thread's map and stack in place of its
 * own, and the worker's own are back after it.
 */
public final class ThreadContextCarrier extends Carrier {

  private final MethodHandle getImmutableContext;
  private final MethodHandle getImmutableStack;
  private final MethodHandle clearMap;
  private final MethodHandle putAll;
  private final MethodHandle clearStack;
  private final MethodHandle setStack;

  public ThreadContextCarrier(Class<?> threadContext) throws ReflectiveOperationException {
    super("Log4j 2 ThreadContext");
    Class<?> stackType = threadContext.getMethod("getImmutableStack").getReturnType();
    getImmutableContext = staticMethod(threadContext, "getImmutableContext", Map.class);
    getImmutableStack = staticMethod(threadContext, "getImmutableStack", stackType)
        .asType(MethodType.methodType(Collection.class));
    clearMap = staticMethod(threadContext, "clearMap", void.class);
    putAll = staticMethod(threadContext, "putAll", void.class, Map.class);
    clearStack = staticMethod(threadContext, "clearStack", void.class);
    setStack = staticMethod(threadContext, "setStack", void.class, Collection.class);
  }

  /** A thread's map and stack; both immutable (what ThreadContext's getImmutable* return). */
  private static final class Contexts {
    final Map<?, ?> map;
    final Collection<?> stack;

    Contexts(Map<?, ?> map, Collection<?> stack) {
      this.map = map;
      this.stack = stack;
    }
  }

  private Contexts current() throws Throwable {
    return new Contexts((Map<?, ?>) getImmutableContext.invokeExact(),
        (Collection<?>) getImmutableStack.invokeExact());
  }

  @Override
  protected Object capture(boolean detached) throws Throwable {
    Map<?, ?> map = (Map<?, ?>) getImmutableContext.invokeExact();
    Collection<?> stack = (Collection<?>) getImmutableStack.invokeExact();
    return map.isEmpty() && stack.isEmpty() ? null : new Contexts(map, stack);
  }

  @Override
  protected Object attach(Object captured) throws Throwable {
    Contexts previous = current();
    set((Contexts) captured);
    return previous;
  }

  @Override
  protected void restore(Object replaced) throws Throwable {
    set((Contexts) replaced);
  }

  private void set(Contexts contexts) throws Throwable {
    clearMap.invokeExact();
    if (!contexts.map.isEmpty()) {
      putAll.invokeExact(contexts.map);
    }
    clearStack.invokeExact();
    if (!contexts.stack.isEmpty()) {
      setStack.invokeExact(contexts.stack);
    }
  }
}
