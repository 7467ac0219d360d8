package dev.detach.agent.container.tomcat;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.detach.CancellationCause;
import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.container.ContainerFit;
import dev.detach.agent.container.ContainerRequests;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * How a Tomcat request ends, noted before {@code recycle()}: {@code AsyncContextImpl.timeout()} (the
 * async cycle timed out: {@code DEADLINE_EXCEEDED}) and a {@code ClientAbortException} raised on the
 * request thread (the client went away: {@code CLIENT_DISCONNECTED}).
 */
public final class TomcatAsyncInstrumentation implements TypeInstrumentation {

  private static final ContainerFit.Need TIMEOUT = ContainerFit.method("timeout", 0);
  private static final ContainerFit.Need ERROR = ContainerFit.method("setErrorState", 2);

  @Override
  public String name() {
    return "Tomcat async timeout and client abort";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return named("org.apache.catalina.core.AsyncContextImpl")
        .or(named("org.apache.catalina.connector.ClientAbortException"));
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return (builder, type, loader, module, domain) -> {
      if (!type.getName().endsWith("AsyncContextImpl")) {
        return builder.visit(weaving.advice(AbortAdvice.class, isConstructor()));
      }
      return ContainerFit.TOMCAT.check(type, domain, TIMEOUT, ERROR)
          ? builder.visit(weaving.advice(TimeoutAdvice.class, TIMEOUT.matcher()))
              .visit(weaving.advice(ErrorAdvice.class, ERROR.matcher()))
          : builder;
    };
  }

  public static final class TimeoutAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("request") Object request) {
      ContainerRequests.noteCause(request, CancellationCause.DEADLINE_EXCEEDED, null);
    }
  }

  /** The async cycle failed (Tomcat then calls onError): an I/O error is the client going away. */
  public static final class ErrorAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("request") Object request, @Advice.Argument(0) Throwable error) {
      ContainerRequests.asyncFailed(request, error);
    }
  }

  public static final class AbortAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Throwable abort) {
      ContainerRequests.noteCauseOnThisThread(CancellationCause.CLIENT_DISCONNECTED, abort);
    }
  }
}
