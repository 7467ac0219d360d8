package dev.detach.agent.handoff.timer;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.runtime.Handoffs;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** The run site of {@code java.util.Timer}: {@code task.run()} in {@code TimerThread.mainLoop}. */
public final class TimerThreadInstrumentation implements TypeInstrumentation {

  @Override
  public String name() {
    return "TimerThread";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return named("java.util.TimerThread");
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    try {
      return Weaving.visiting(Weaving.substitute(
          named("run").and(takesArguments(0)),
          Handoffs.class.getMethod("run", Runnable.class),
          named("mainLoop")));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }
}
