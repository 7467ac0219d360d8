package dev.detach.agent.handoff.executor;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.runtime.Handoffs;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ThreadPoolExecutor} (and so {@code ScheduledThreadPoolExecutor} and every subclass): the task
 * given to {@code execute} is registered as it is, and the worker loop's {@code task.run()} becomes a
 * run that attaches the task's capture and restores the worker after.
 */
public final class ThreadPoolExecutorInstrumentation implements TypeInstrumentation {

  @Override
  public String name() {
    return "ThreadPoolExecutor";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return named("java.util.concurrent.ThreadPoolExecutor");
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    try {
      return Weaving.visiting(
          weaving.advice(ExecuteAdvice.class, named("execute").and(takesArguments(Runnable.class))),
          weaving.advice(AddWorkerAdvice.class, named("addWorker")),
          weaving.advice(RejectAdvice.class, named("reject").and(takesArguments(Runnable.class))),
          weaving.advice(RemoveAdvice.class, named("remove").and(takesArguments(Runnable.class))),
          weaving.advice(ShutdownNowAdvice.class, named("shutdownNow").and(takesArguments(0))),
          Weaving.substitute(
              named("run").and(takesArguments(0)).and(isDeclaredBy(Runnable.class)),
              Handoffs.class.getMethod("run", Runnable.class),
              named("runWorker")));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  public static final class ExecuteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object executor, @Advice.Argument(0) Runnable command) {
      Object token = Handoffs.enter(null, executor, command, false);
      Handoffs.queueRunnable(token, command);
      return token;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      Handoffs.exit(token);
    }
  }

  /** Threads the pool starts for itself are workers, not tasks, even when a task's code makes it start one. */
  public static final class AddWorkerAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter() {
      return Handoffs.startingPoolThreads();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      Handoffs.poolThreadsStarted(token);
    }
  }

  public static final class RejectAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) Runnable command) {
      return Handoffs.rejecting(command);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      Handoffs.afterRun(token);
    }
  }

  public static final class RemoveAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) Runnable task, @Advice.Return boolean removed) {
      if (removed) {
        Handoffs.forget(task);
      }
    }
  }

  public static final class ShutdownNowAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return List<Runnable> drained) {
      Handoffs.forgetAll(drained);
    }
  }
}
