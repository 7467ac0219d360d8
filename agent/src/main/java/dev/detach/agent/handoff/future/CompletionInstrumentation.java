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
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
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
    AsmVisitorWrapper run = weaving.advice(RunAdvice.class, not(isAbstract()).and(named("run").and(takesArguments(0))));
    ElementMatcher.Junction<MethodDescription> tryFireMethod =
        not(isAbstract()).and(named("tryFire").and(takesArguments(int.class)));
    AsmVisitorWrapper tryFire = weaving.advice(TryFireAdvice.class, tryFireMethod);
    AsmVisitorWrapper tryFireDelegating = weaving.advice(RunAdvice.class, tryFireMethod);
    return (builder, type, loader, module, domain) ->
        builder.visit(run).visit(hasDependentField(type) ? tryFire : tryFireDelegating);
  }

  /**
   * Stages with a {@code dep} field (every {@code UniCompletion}) clear it when they fire. The others
   * ({@code CoCompletion}) have no capture of their own.
   */
  private static boolean hasDependentField(TypeDescription type) {
    try {
      for (TypeDefinition t = type; t != null; t = t.getSuperClass() == null ? null : t.getSuperClass().asErasure()) {
        if (!t.getDeclaredFields().filter(named("dep")).isEmpty()) {
          return true;
        }
      }
    } catch (RuntimeException e) {
      // A hierarchy the type pool cannot resolve: the plain run site, whose capture stays until the stage is gone.
    }
    return false;
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

  /** {@code tryFire} of a stage that clears its {@code dep} once it fired: its capture goes then. */
  public static final class TryFireAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object task) {
      return Handoffs.beforeRun(task);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token, @Advice.This Object task,
        @Advice.FieldValue(value = "dep", readOnly = true) Object dependent) {
      Handoffs.afterStageTried(token, task, dependent == null);
    }
  }
}
