package dev.detach.agent.handoff.thread;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.runtime.Handoffs;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code Thread.start} of a platform or virtual thread ({@code VirtualThread} overrides {@code start};
 * thread-per-task executors and {@code Thread.Builder} end up there too). The capture is registered for
 * the {@code Thread} object and claimed by the new thread as its body begins ({@code Thread.run}, the
 * {@code run} of a direct {@code Thread} subclass, a virtual thread's body), or else by its first read of
 * its scope (a deeper subclass). Claiming at the start is what puts the carried MDC and the like on a
 * thread that never reads its scope itself. A JDK thread-per-task executor's start of a thread is marked, so
 * that its threads share one decision (see {@code ThreadPerTaskDecisions}).
 */
public final class ThreadStartInstrumentation implements TypeInstrumentation {

  private static final String THREAD = "java.lang.Thread";
  private static final String VIRTUAL_THREAD = "java.lang.VirtualThread";
  /** JDK 21+: {@code Executors.newVirtualThreadPerTaskExecutor()}, {@code newThreadPerTaskExecutor(factory)}. */
  private static final String THREAD_PER_TASK_EXECUTOR = "java.util.concurrent.ThreadPerTaskExecutor";

  @Override
  public String name() {
    return "Thread.start";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return namedOneOf(THREAD, VIRTUAL_THREAD, THREAD_PER_TASK_EXECUTOR)
        .or(ThreadStartInstrumentation::isApplicationThreadClass);
  }

  /**
   * An application class that extends {@code Thread} directly: its {@code run} is where such a thread
   * begins. Only the direct superclass is looked at, never the hierarchy: for a loaded class (retransformed)
   * from the class itself, for a loading one from the name {@link ThreadSubclassScan} read in its class file,
   * so that Byte Buddy does not parse every class the application loads.
   */
  private static boolean isApplicationThreadClass(TypeDescription type) {
    String name = type.getName();
    if (!mayBeApplication(name)) {
      return false;
    }
    if (type instanceof TypeDescription.ForLoadedType) {
      TypeDescription.Generic superClass = type.getSuperClass();
      return superClass != null && superClass.asErasure().getName().equals(THREAD);
    }
    return ThreadSubclassScan.takeLoading(name);
  }

  /** Not a JDK class (by binary or internal name). */
  static boolean mayBeApplication(String name) {
    return !(name.startsWith("java") && (name.startsWith("java.") || name.startsWith("java/")))
        && !(name.startsWith("jdk") && (name.startsWith("jdk.") || name.startsWith("jdk/")))
        && !(name.startsWith("sun") && (name.startsWith("sun.") || name.startsWith("sun/")));
  }

  /** What must be registered with the JVM, before Byte Buddy, for {@link #types()} to see loading subclasses. */
  public static java.lang.instrument.ClassFileTransformer subclassScan() {
    return new ThreadSubclassScan();
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return (builder, type, loader, module, domain) -> {
      String name = type.getName();
      if (name.equals(THREAD)) {
        builder = builder.visit(weaving.advice(StartAdvice.class, named("start").and(not(isStatic()))));
        return builder.visit(weaving.advice(RunningAdvice.class, named("run").and(takesNoArguments())));
      }
      if (name.equals(VIRTUAL_THREAD)) {
        builder = builder.visit(weaving.advice(StartAdvice.class, named("start").and(not(isStatic()))));
        // JDK 21+: the body of a virtual thread, where its task begins.
        return builder.visit(weaving.advice(RunningAdvice.class, named("run").and(takesArguments(Runnable.class))));
      }
      if (name.equals(THREAD_PER_TASK_EXECUTOR)) {
        // Its private start(Thread) starts every thread it makes, for execute, submit and invokeAll/Any.
        return builder.visit(weaving.advice(PerTaskStartAdvice.class,
            named("start").and(takesArguments(Thread.class)).and(not(isStatic()))));
      }
      return builder.visit(weaving.advice(RunningAdvice.class,
          named("run").and(takesNoArguments()).and(not(isStatic()))));
    };
  }

  public static final class RunningAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
      Handoffs.threadRunning();
    }
  }

  public static final class PerTaskStartAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object executor, @Advice.Argument(0) Thread thread) {
      return Handoffs.threadPerTaskStarting(executor, thread);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      Handoffs.threadPerTaskStarted(token);
    }
  }

  public static final class StartAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Thread thread) {
      Handoffs.threadStarting(thread);
    }
  }
}
