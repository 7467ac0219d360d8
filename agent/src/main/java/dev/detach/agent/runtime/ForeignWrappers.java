package dev.detach.agent.runtime;

import java.lang.instrument.ClassFileTransformer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Set;

/**
 * Internal: the tasks other agents wrap around the application's, and how to reach the task inside. Not an API.
 *
 * <p>The OpenTelemetry Java agent and the TTL agent advise the same hand-off methods as Detach. When both
 * advise {@code ThreadPoolExecutor.execute(task)}, the agent whose advice runs first (the one attached
 * <em>later</em>: its code is woven around the earlier agent's) sees the application's task, and the other one
 * may replace the argument: OpenTelemetry wraps lambdas in a {@code ContextPropagatingRunnable}, TTL wraps
 * every task in a {@code TtlRunnable} (a {@code FutureTask} too, at {@code execute}). So the executor can
 * queue, and its worker run, a wrapper whose identity Detach never saw:
 * <ul>
 *   <li>Detach's advice first (Detach attached after the other agent): Detach registers the capture for the
 *       application's task, the other agent then wraps it; the worker runs the wrapper. The run site finds no
 *       capture for the wrapper and looks inside it ({@link #inner}) for the task that has one.
 *   <li>The other agent's advice first (Detach attached before it): Detach sees the wrapper and registers
 *       the capture for it; the worker runs that very wrapper and finds it directly.
 * </ul>
 * Either way the capture is attached before the wrapper's {@code run()}, so the other agent's context and
 * Detach's scope are both current while the application's task runs. Tasks the other agents tag instead of
 * wrapping ({@code FutureTask}, {@code ForkJoinTask}, {@code CompletableFuture}'s async tasks: OpenTelemetry
 * keeps its context in a field it adds) are run as they were queued and need nothing here.
 *
 * <p>A run site looks here only after a task had no capture of its own, and only once one of the known
 * wrapper classes has been loaded in this JVM: without another agent it costs one volatile read per miss.
 */
public final class ForeignWrappers {

  /** The wrapper classes, by binary name; each has a public {@code unwrap()} or a {@code delegate} field. */
  static final Set<String> CLASSES = Set.of(
      "io.opentelemetry.javaagent.bootstrap.executors.ContextPropagatingRunnable",
      "io.opentelemetry.javaagent.bootstrap.executors.ContextPropagatingCallable",
      "com.alibaba.ttl.TtlRunnable",
      "com.alibaba.ttl.TtlCallable");

  /** Whether a wrapper class has been loaded: until then nobody wraps, and a run site does not look. */
  private static volatile boolean present;

  /** {@code (Object task) -> null}: the task is no wrapper. */
  private static final MethodHandle NONE =
      MethodHandles.dropArguments(MethodHandles.constant(Object.class, null), 0, Object.class);

  private static final ClassValue<MethodHandle> INNER = new ClassValue<MethodHandle>() {
    @Override
    protected MethodHandle computeValue(Class<?> type) {
      if (!CLASSES.contains(type.getName())) {
        return NONE;
      }
      try {
        MethodType asObject = MethodType.methodType(Object.class, Object.class);
        for (Method m : type.getMethods()) {
          if (m.getName().equals("unwrap") && m.getParameterCount() == 0 && !m.getReturnType().isPrimitive()) {
            return MethodHandles.publicLookup().unreflect(m).asType(asObject);
          }
        }
        Field f = type.getDeclaredField("delegate");
        f.setAccessible(true);
        return MethodHandles.lookup().unreflectGetter(f).asType(asObject);
      } catch (ReflectiveOperationException | RuntimeException e) {
        AgentLog.warnOnce("foreign wrapper " + type.getName(), "cannot look inside " + type.getName() + " (" + e
            + "): tasks another agent wraps in it run without their Detach scope when Detach is attached after it");
        return NONE;
      }
    }
  };

  private ForeignWrappers() {}

  /** A class of this binary name is being loaded (from the class-loading scan, or found loaded at start-up). */
  public static void classLoaded(String binaryName) {
    if (!present && CLASSES.contains(binaryName)) {
      present = true;
    }
  }

  /**
   * Notes the wrapper classes as they load; changes nothing. Registered without retransformation (the JVM
   * calls it for new classes only), next to the classes already loaded at start-up ({@link #classLoaded}).
   */
  public static ClassFileTransformer watch() {
    return new ClassFileTransformer() {
      @Override
      public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
          ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (!present && className != null && (className.startsWith("io/opentelemetry/javaagent/bootstrap/executors/")
            || className.startsWith("com/alibaba/ttl/Ttl"))) {
          classLoaded(className.replace('/', '.'));
        }
        return null;
      }
    };
  }

  /** The task {@code task} wraps, when it is another agent's wrapper; else null. */
  static Object inner(Object task) {
    if (!present) {
      return null;
    }
    try {
      return INNER.get(task.getClass()).invoke(task);
    } catch (Throwable t) {
      AgentLog.fault("looking inside another agent's task", t);
      return null;
    }
  }
}
