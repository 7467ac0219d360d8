package dev.detach.agent.handoff.future;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.runtime.HandoffKind;
import dev.detach.agent.runtime.Handoffs;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code CompletableFuture.delayedExecutor(...)}: the delay task queued inside (a scheduled-executor task
 * on JDK 17, a fork/join task on JDK 25) carries the capture; when it fires, it hands the runnable to the
 * target executor from within that scope.
 */
public final class DelayedExecutorInstrumentation implements TypeInstrumentation {

  @Override
  public String name() {
    return "CompletableFuture.delayedExecutor";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return named("java.util.concurrent.CompletableFuture$DelayedExecutor");
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return Weaving.visiting(weaving.advice(ExecuteAdvice.class,
        named("execute").and(takesArguments(Runnable.class))));
  }

  public static final class ExecuteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object executor, @Advice.Argument(0) Object task) {
      return Handoffs.enter(HandoffKind.COMPLETABLE_FUTURE, executor, task, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      Handoffs.exit(token);
    }
  }
}
