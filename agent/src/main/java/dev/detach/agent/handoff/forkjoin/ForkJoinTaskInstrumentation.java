package dev.detach.agent.handoff.forkjoin;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.runtime.Handoffs;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ForkJoinTask}: construction (pool adapters, {@code CompletableFuture} stages), {@code fork()},
 * and {@code doExec()}, the one place every fork/join task body runs, whoever runs it: a worker, a
 * joining thread that helps, or the submitter itself.
 */
public final class ForkJoinTaskInstrumentation implements TypeInstrumentation {

  @Override
  public String name() {
    return "ForkJoinTask";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return named("java.util.concurrent.ForkJoinTask");
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return Weaving.visiting(
        weaving.advice(ConstructorAdvice.class, isConstructor()),
        weaving.advice(ForkAdvice.class, named("fork").and(takesArguments(0))),
        weaving.advice(RunAdvice.class, named("doExec").and(takesArguments(0))));
  }

  public static final class ConstructorAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object task) {
      Handoffs.taskCreated(task);
    }
  }

  public static final class ForkAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object task) {
      Handoffs.forked(task);
    }
  }

  public static final class RunAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object task) {
      return Handoffs.beforeRun(task);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      Handoffs.afterRun(token);
    }
  }
}
