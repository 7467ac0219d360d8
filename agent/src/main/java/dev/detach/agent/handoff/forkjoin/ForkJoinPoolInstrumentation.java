package dev.detach.agent.handoff.forkjoin;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.runtime.Handoffs;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ForkJoinPool} submissions. The public methods decide; the task queued is either the
 * {@code ForkJoinTask} given or the adapter the pool builds around a runnable or callable, which
 * {@link ForkJoinTaskInstrumentation} registers as it is constructed. Threads the pool creates for
 * itself are workers, not tasks.
 */
public final class ForkJoinPoolInstrumentation implements TypeInstrumentation {

  @Override
  public String name() {
    return "ForkJoinPool";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return named("java.util.concurrent.ForkJoinPool");
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return Weaving.visiting(
        weaving.advice(SubmitAdvice.class, isPublic().and(not(isStatic())).and(namedOneOf(
            "execute", "submit", "invoke", "invokeAll", "invokeAny", "externalSubmit", "lazySubmit",
            "schedule", "submitWithTimeout")).and(not(takesArguments(0)))),
        weaving.advice(PeriodicAdvice.class, isPublic().and(
            namedOneOf("scheduleAtFixedRate", "scheduleWithFixedDelay"))),
        weaving.advice(CreateWorkerAdvice.class, named("createWorker")));
  }

  public static final class SubmitAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object pool, @Advice.Argument(0) Object first) {
      return Handoffs.enterForkJoin(pool, first, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      Handoffs.exit(token);
    }
  }

  public static final class PeriodicAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object pool, @Advice.Argument(0) Object first) {
      return Handoffs.enterForkJoin(pool, first, true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      Handoffs.exit(token);
    }
  }

  public static final class CreateWorkerAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter() {
      return Handoffs.startingPoolThreads();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      Handoffs.poolThreadsStarted(token);
    }
  }
}
