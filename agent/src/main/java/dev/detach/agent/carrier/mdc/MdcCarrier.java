package dev.detach.agent.carrier.mdc;

import dev.detach.agent.carrier.Carrier;
import java.lang.invoke.MethodHandle;
import java.util.Map;

/**
 * SLF4J's {@code MDC} (1.7 and 2.x, whatever adapter is bound): the task gets a copy of the handing-off
 * thread's map in place of its own, and the worker's own map is back after it.
 */
public final class MdcCarrier extends Carrier {

  private final MethodHandle getCopyOfContextMap;
  private final MethodHandle setContextMap;
  private final MethodHandle clear;

  public MdcCarrier(Class<?> mdc) throws ReflectiveOperationException {
    super("SLF4J MDC");
    getCopyOfContextMap = staticMethod(mdc, "getCopyOfContextMap", Map.class);
    setContextMap = staticMethod(mdc, "setContextMap", void.class, Map.class);
    clear = staticMethod(mdc, "clear", void.class);
  }

  @Override
  protected Object capture(boolean detached) throws Throwable {
    Map<?, ?> map = (Map<?, ?>) getCopyOfContextMap.invokeExact();
    return map == null || map.isEmpty() ? null : map;
  }

  @Override
  protected Object attach(Object captured) throws Throwable {
    Map<?, ?> previous = (Map<?, ?>) getCopyOfContextMap.invokeExact();
    // Adapters copy the map they are given, so one capture can serve several runs (periodic tasks).
    setContextMap.invokeExact((Map<?, ?>) captured);
    return previous;
  }

  @Override
  protected void restore(Object replaced) throws Throwable {
    Map<?, ?> previous = (Map<?, ?>) replaced;
    if (previous == null || previous.isEmpty()) {
      clear.invokeExact();
    } else {
      setContextMap.invokeExact(previous);
    }
  }
}
