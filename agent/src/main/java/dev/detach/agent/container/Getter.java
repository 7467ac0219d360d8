package dev.detach.agent.container;

import java.lang.invoke.MethodHandle;

/** A public no-argument method of some container class, looked up once per class by name. */
public final class Getter {

  private final ClassValue<MethodHandle> handles;

  public Getter(String name) {
    this.handles = new ClassValue<MethodHandle>() {
      @Override
      protected MethodHandle computeValue(Class<?> type) {
        return PublicMethods.virtual(type, name);
      }
    };
  }

  /** Whether {@code target}'s class has the method. */
  public boolean existsOn(Object target) {
    return target != null && handles.get(target.getClass()) != null;
  }

  /** {@code target.name()}, or null when {@code target} is null or has no such method. */
  public Object get(Object target) throws Throwable {
    if (target == null) {
      return null;
    }
    MethodHandle h = handles.get(target.getClass());
    return h == null ? null : h.invoke(target);
  }
}
