package dev.detach.agent.handoff.timer;

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
 * {@code java.util.Timer}: every {@code schedule*} goes through {@code sched(task, time, period)}, which
 * registers the timer task; the timer thread's {@code task.run()} becomes a run that attaches it. A
 * periodic timer task keeps its capture for every run.
 */
public final class TimerInstrumentation implements TypeInstrumentation {

  @Override
  public String name() {
    return "Timer";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return named("java.util.Timer");
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return Weaving.visiting(weaving.advice(SchedAdvice.class, named("sched").and(takesArguments(3))));
  }

  public static final class SchedAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object timer, @Advice.Argument(0) Object task,
        @Advice.Argument(2) long period) {
      Handoffs.timerScheduled(timer, task, period != 0);
    }
  }
}
