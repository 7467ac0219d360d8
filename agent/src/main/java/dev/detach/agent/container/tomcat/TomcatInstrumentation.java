package dev.detach.agent.container.tomcat;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.container.ContainerFit;
import dev.detach.agent.container.ContainerRequests;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Tomcat 9.0, 10.1, 11.0: every dispatch of a mapped request (initial, async, error) passes through
 * {@code StandardHostValve.invoke(Request, Response)}; the connector {@code Request} is the request's
 * container object (reused by later requests), and its {@code recycle()} is the completion point, where
 * the request is still readable.
 */
public final class TomcatInstrumentation implements TypeInstrumentation {

  private static final ContainerFit.Need DISPATCH = ContainerFit.method("invoke", 2);

  @Override
  public String name() {
    return "Tomcat";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return named("org.apache.catalina.core.StandardHostValve");
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return (builder, type, loader, module, domain) -> ContainerFit.TOMCAT.check(type, domain, DISPATCH)
        ? builder.visit(weaving.advice(DispatchAdvice.class, DISPATCH.matcher()))
        : builder;
  }

  public static final class DispatchAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) Object request) {
      // Tomcat always recycles a request before the object serves the next one, so a live scope
      // here is this request's, re-dispatched (async, error): never an earlier request's.
      return ContainerFit.TOMCAT.fits() ? ContainerRequests.dispatchStarted(request, request, false) : null;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      ContainerRequests.dispatchEnded(token);
    }
  }
}
