package dev.detach.agent.handoff.future;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
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
 * The run sites of {@code CompletableFuture}'s internal tasks: {@code tryFire} of every dependent stage
 * and {@code run} of {@code AsyncSupply}/{@code AsyncRun}. A dependent stage runs on whichever thread
 * completes its source; attaching here gives it the scope of the code that created it, not the
 * completer's.
 */
public final class CompletionInstrumentation implements TypeInstrumentation {

  @Override
  public String name() {
    return "CompletableFuture stages";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return nameStartsWith("java.util.concurrent.CompletableFuture$")
        .and(not(nameEndsWith("$Signaller")));
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return Weaving.visiting(weaving.advice(RunAdvice.class, not(isAbstract()).and(
        named("tryFire").and(takesArguments(int.class))
            .or(named("run").and(takesArguments(0))))));
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
