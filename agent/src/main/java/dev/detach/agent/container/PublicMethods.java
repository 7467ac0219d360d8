package dev.detach.agent.container;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Method handles on container classes, looked up from the boot class path: a public method found on a
 * public class or interface of the object's type, so that a non-public implementation class (most
 * containers' request classes) is still readable.
 */
public final class PublicMethods {

  private PublicMethods() {}

  /**
   * A handle for {@code type.name(parameterTypes)}, typed {@code (Object, parameters...) -> returnType as
   * Object} when not static, or null when no public declaration exists.
   */
  public static MethodHandle virtual(Class<?> type, String name, Class<?>... parameterTypes) {
    Method m = publicDeclaration(type, name, parameterTypes);
    if (m == null) {
      return null;
    }
    try {
      MethodHandle h = MethodHandles.publicLookup().unreflect(m);
      Class<?>[] generic = new Class<?>[parameterTypes.length + 1];
      generic[0] = Object.class;
      System.arraycopy(parameterTypes, 0, generic, 1, parameterTypes.length);
      return h.asType(MethodType.methodType(Object.class, generic));
    } catch (IllegalAccessException e) {
      return null;
    }
  }

  /** A handle for the public static {@code owner.name(parameterTypes)}, or null. */
  public static MethodHandle statik(Class<?> owner, String name, Class<?>... parameterTypes) {
    try {
      Method m = owner.getMethod(name, parameterTypes);
      return Modifier.isStatic(m.getModifiers()) ? MethodHandles.publicLookup().unreflect(m) : null;
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }

  /** A class visible from {@code type}'s loader, or null. */
  public static Class<?> load(Class<?> type, String name) {
    try {
      return Class.forName(name, false, type.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  private static Method publicDeclaration(Class<?> type, String name, Class<?>[] parameterTypes) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      Method m = declaredPublic(c, name, parameterTypes);
      if (m != null) {
        return m;
      }
      for (Class<?> i : c.getInterfaces()) {
        m = fromInterface(i, name, parameterTypes);
        if (m != null) {
          return m;
        }
      }
    }
    return null;
  }

  private static Method fromInterface(Class<?> i, String name, Class<?>[] parameterTypes) {
    Method m = declaredPublic(i, name, parameterTypes);
    if (m != null) {
      return m;
    }
    for (Class<?> sup : i.getInterfaces()) {
      m = fromInterface(sup, name, parameterTypes);
      if (m != null) {
        return m;
      }
    }
    return null;
  }

  private static Method declaredPublic(Class<?> c, String name, Class<?>[] parameterTypes) {
    if (!Modifier.isPublic(c.getModifiers())) {
      return null;
    }
    try {
      Method m = c.getDeclaredMethod(name, parameterTypes);
      return Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) ? m : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
