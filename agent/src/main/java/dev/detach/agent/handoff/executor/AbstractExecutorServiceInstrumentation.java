package dev.detach.agent.handoff.executor;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.runtime.Handoffs;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code AbstractExecutorService.submit / invokeAll / invokeAny}: decides the policy with the caller's
 * own task class (not the {@code FutureTask} that reaches {@code execute}); the nested {@code execute}
 * registers that decision for the future it queues.
 */
public final class AbstractExecutorServiceInstrumentation implements TypeInstrumentation {

  @Override
  public String name() {
    return "AbstractExecutorService";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return named("java.util.concurrent.AbstractExecutorService");
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return Weaving.visiting(weaving.advice(SubmitAdvice.class,
        isPublic().and(namedOneOf("submit", "invokeAll", "invokeAny")).and(takesArguments(1).or(takesArguments(2)).or(takesArguments(3)))));
  }

  public static final class SubmitAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object executor, @Advice.Argument(0) Object first) {
      return Handoffs.enterSubmit(executor, first);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      Handoffs.exit(token);
    }
  }
}
