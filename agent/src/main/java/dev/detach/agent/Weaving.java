package dev.detach.agent;

import dev.detach.agent.runtime.AgentLog;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.asm.MemberSubstitution;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * How advice is woven: read from the agent jar, inlined into the target, and every throwable it raises
 * handed to {@link AgentLog#adviceFault} instead of the application.
 */
public final class Weaving {

  private final ClassFileLocator adviceLocator;
  private final Advice.ExceptionHandler reportFaults;

  Weaving(ClassFileLocator adviceLocator) {
    this.adviceLocator = adviceLocator;
    try {
      this.reportFaults = new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
          new MethodDescription.ForLoadedMethod(AgentLog.class.getMethod("adviceFault", Throwable.class))));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Weaves {@code adviceClass} (static {@code @OnMethodEnter}/{@code @OnMethodExit} methods) into {@code methods}. */
  public AsmVisitorWrapper advice(Class<?> adviceClass, ElementMatcher<? super MethodDescription> methods) {
    return Advice.to(TypeDescription.ForLoadedType.of(adviceClass), adviceLocator)
        .withExceptionHandler(reportFaults)
        .on(methods);
  }

  /** A transformer that applies the given visitors. */
  public static AgentBuilder.Transformer visiting(AsmVisitorWrapper... wrappers) {
    return (builder, type, loader, module, domain) -> {
      for (AsmVisitorWrapper w : wrappers) {
        builder = builder.visit(w);
      }
      return builder;
    };
  }

  /** Replaces, inside {@code inMethods}, calls of {@code calls} by calls of the static {@code replacement}. */
  public static AsmVisitorWrapper substitute(ElementMatcher<? super MethodDescription> calls,
      java.lang.reflect.Method replacement, ElementMatcher<? super MethodDescription> inMethods) {
    return MemberSubstitution.relaxed()
        .method(calls)
        .replaceWith(replacement)
        .on(inMethods);
  }
}
