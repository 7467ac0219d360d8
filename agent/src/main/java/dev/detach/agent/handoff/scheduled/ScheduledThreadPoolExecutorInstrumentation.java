package dev.detach.agent.handoff.scheduled;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
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
 * {@code ScheduledThreadPoolExecutor}: {@code schedule*} decide; {@code delayedExecute} registers the
 * (possibly {@code decorateTask}-ed) future it queues. A periodic task keeps the capture taken at
 * scheduling for every run; the worker loop's run site is the one {@code ThreadPoolExecutor} has.
 */
public final class ScheduledThreadPoolExecutorInstrumentation implements TypeInstrumentation {

  @Override
  public String name() {
    return "ScheduledThreadPoolExecutor";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return named("java.util.concurrent.ScheduledThreadPoolExecutor");
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return Weaving.visiting(
        weaving.advice(OneShotAdvice.class, named("schedule").and(takesArguments(3))),
        weaving.advice(PeriodicAdvice.class,
            namedOneOf("scheduleAtFixedRate", "scheduleWithFixedDelay").and(takesArguments(4))),
        weaving.advice(QueueAdvice.class, named("delayedExecute").and(takesArguments(1))));
  }

  public static final class OneShotAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object executor, @Advice.Argument(0) Object task) {
      return Handoffs.enter(HandoffKind.SCHEDULED, executor, task, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      Handoffs.exit(token);
    }
  }

  public static final class PeriodicAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object executor, @Advice.Argument(0) Object task) {
      return Handoffs.enter(HandoffKind.SCHEDULED, executor, task, true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      Handoffs.exit(token);
    }
  }

  public static final class QueueAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object task) {
      Handoffs.queue(task);
    }
  }
}
