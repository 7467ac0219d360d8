package dev.detach.agent.handoff.future;

import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.runtime.HandoffKind;
import dev.detach.agent.runtime.Handoffs;
import java.util.concurrent.Executor;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code CompletableFuture} stages given an executor: the policy is decided with that executor, and the
 * stage object built inside is registered as it is constructed ({@code ForkJoinTask}'s constructor).
 * Stages on the default pool, and dependent stages without {@code Async}, capture at construction too,
 * without this advice.
 */
public final class CompletableFutureInstrumentation implements TypeInstrumentation {

  @Override
  public String name() {
    return "CompletableFuture";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return named("java.util.concurrent.CompletableFuture");
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return Weaving.visiting(
        weaving.advice(ExecutorSecondAdvice.class,
            nameEndsWith("Async").and(takesArguments(2)).and(takesArgument(1, Executor.class))),
        weaving.advice(ExecutorThirdAdvice.class,
            nameEndsWith("Async").and(takesArguments(3)).and(takesArgument(2, Executor.class))));
  }

  public static final class ExecutorSecondAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(1) Executor executor) {
      return Handoffs.enter(HandoffKind.COMPLETABLE_FUTURE, executor, null, true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      Handoffs.exit(token);
    }
  }

  public static final class ExecutorThirdAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(2) Executor executor) {
      return Handoffs.enter(HandoffKind.COMPLETABLE_FUTURE, executor, null, true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      Handoffs.exit(token);
    }
  }
}
