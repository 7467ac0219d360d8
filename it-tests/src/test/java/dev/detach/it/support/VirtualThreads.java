package dev.detach.it.support;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;

/**
 * Virtual threads through method handles: the tests compile for release 17 and run these only on 21+.
 */
public final class VirtualThreads {

  private VirtualThreads() {}

  /** True when this JVM has virtual threads (JDK 21+). */
  public static boolean available() {
    return Runtime.version().feature() >= 21;
  }

  /** {@code Executors.newVirtualThreadPerTaskExecutor()}. */
  public static ExecutorService newVirtualThreadPerTaskExecutor() {
    try {
      MethodHandle h = MethodHandles.publicLookup().findStatic(java.util.concurrent.Executors.class,
          "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
      return (ExecutorService) h.invoke();
    } catch (Throwable t) {
      throw new IllegalStateException("no virtual threads on " + Runtime.version(), t);
    }
  }

  /** {@code Thread.startVirtualThread(task)}. */
  public static Thread startVirtualThread(Runnable task) {
    try {
      MethodHandle h = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
          MethodType.methodType(Thread.class, Runnable.class));
      return (Thread) h.invoke(task);
    } catch (Throwable t) {
      throw new IllegalStateException("no virtual threads on " + Runtime.version(), t);
    }
  }

  /** {@code Thread.ofVirtual().start(task)}. */
  public static Thread ofVirtualStart(Runnable task) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> builder = Class.forName("java.lang.Thread$Builder$OfVirtual");
      Object ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(builder)).invoke();
      Class<?> anyBuilder = Class.forName("java.lang.Thread$Builder");
      MethodHandle start = lookup.findVirtual(anyBuilder, "start", MethodType.methodType(Thread.class, Runnable.class));
      return (Thread) start.invoke(ofVirtual, task);
    } catch (Throwable t) {
      throw new IllegalStateException("no virtual threads on " + Runtime.version(), t);
    }
  }
}
