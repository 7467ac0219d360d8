package dev.detach.agent.carrier.threadlocal;

import dev.detach.agent.carrier.Carrier;
import java.lang.reflect.Field;

/**
 * A static {@code ThreadLocal} field named in {@code carry.thread-locals}: the task gets the handing-off
 * thread's value (the same object, not a copy), and the worker's own value is back after it. A thread
 * whose value is null carries nothing. Calls {@code get()}, so an initial value may be created on either
 * thread, as the application's own first read would.
 */
public final class ThreadLocalCarrier extends Carrier {

  private final Field field;
  /** Read from the field on first use, not when its class is found (that may be before it initialised). */
  private volatile ThreadLocal<Object> threadLocal;

  public ThreadLocalCarrier(Field field) {
    super("thread local " + field.getDeclaringClass().getName() + "#" + field.getName());
    this.field = field;
  }

  @SuppressWarnings("unchecked")
  private ThreadLocal<Object> threadLocal() throws IllegalAccessException {
    ThreadLocal<Object> t = threadLocal;
    if (t == null) {
      t = (ThreadLocal<Object>) field.get(null);
      threadLocal = t;
    }
    return t;
  }

  @Override
  protected Object capture(boolean detached) throws Throwable {
    ThreadLocal<Object> t = threadLocal();
    return t == null ? null : t.get();
  }

  @Override
  protected Object attach(Object captured) throws Throwable {
    ThreadLocal<Object> t = threadLocal();
    Object previous = t.get();
    t.set(captured);
    return previous;
  }

  @Override
  protected void restore(Object replaced) throws Throwable {
    ThreadLocal<Object> t = threadLocal();
    if (replaced == null) {
      t.remove();
    } else {
      t.set(replaced);
    }
  }
}
