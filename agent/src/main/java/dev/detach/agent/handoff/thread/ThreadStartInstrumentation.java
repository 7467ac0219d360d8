package dev.detach.agent.handoff.thread;

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
 * {@code Thread.start} of a platform or virtual thread ({@code VirtualThread} overrides {@code start};
 * thread-per-task executors and {@code Thread.Builder} end up there too). The capture is registered for
 * the {@code Thread} object and claimed by the new thread's first read of its scope, so no {@code run()}
 * of any subclass needs advice.
 */
public final class ThreadStartInstrumentation implements TypeInstrumentation {

  @Override
  public String name() {
    return "Thread.start";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return namedOneOf("java.lang.Thread", "java.lang.VirtualThread");
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return (builder, type, loader, module, domain) -> {
      builder = builder.visit(weaving.advice(StartAdvice.class, named("start").and(not(isStatic()))));
      // JDK 21+: the body of a virtual thread, where its task begins.
      return type.getName().equals("java.lang.VirtualThread")
          ? builder.visit(weaving.advice(VirtualRunAdvice.class, named("run").and(takesArguments(Runnable.class))))
          : builder;
    };
  }

  public static final class VirtualRunAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
      Handoffs.virtualThreadRunning();
    }
  }

  public static final class StartAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Thread thread) {
      Handoffs.threadStarting(thread);
    }
  }
}
