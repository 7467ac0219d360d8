package dev.detach.agent.handoff.custom;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.runtime.HandoffKind;
import dev.detach.agent.runtime.Handoffs;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Executors named in {@code executors.include} (a hand-written executor, Guava's, a container's pool):
 * their {@code execute(Runnable)}. Detach cannot know where such an executor runs its tasks, so the
 * runnable is wrapped, and {@code remove(task)} on such an executor no longer finds it.
 */
public final class CustomExecutorInstrumentation implements TypeInstrumentation {

  private final List<String> classNames;

  public CustomExecutorInstrumentation(List<String> classNames) {
    this.classNames = List.copyOf(classNames);
  }

  @Override
  public String name() {
    return "executors.include " + classNames;
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return namedOneOf(classNames.toArray(new String[0]));
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return Weaving.visiting(weaving.advice(ExecuteAdvice.class,
        named("execute").and(takesArguments(Runnable.class))));
  }

  public static final class ExecuteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object executor,
        @Advice.Argument(value = 0, readOnly = false) Runnable command) {
      Object token = Handoffs.enter(HandoffKind.CUSTOM_EXECUTOR, executor, command, false);
      command = Handoffs.wrapRunnable(token, command);
      return token;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      Handoffs.exit(token);
    }
  }
}
