package dev.detach.agent.container.jetty;

import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.container.ContainerFit;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Jetty 12's core {@code Request} interface (Jetty 9.4 to 11 have a servlet request class of that name,
 * which {@code ServletObjectInstrumentation} covers): its static {@code getCookies(request)}, which reads a
 * cache the connection shares with later requests, answers a detached task from the request's own
 * headers ({@link JettyCoreCookies}).
 */
public final class JettyCoreRequestInstrumentation implements TypeInstrumentation {

  private static final ContainerFit.Need GET_COOKIES = ContainerFit.method("static getCookies(Request)",
      named("getCookies").and(isStatic()).and(takesArguments(1)));

  @Override
  public String name() {
    return "Jetty 12 core request";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return named("org.eclipse.jetty.server.Request").and(isInterface());
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return (builder, type, loader, module, domain) -> ContainerFit.JETTY.check(type, domain, GET_COOKIES)
        ? builder.visit(weaving.advice(CookiesAdvice.class, GET_COOKIES.matcher()))
        : builder;
  }

  public static final class CookiesAdvice {
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static List<?> enter(@Advice.Argument(0) Object request) {
      return JettyCoreCookies.forDetachedTask(request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Enter List<?> own,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object cookies) {
      if (own != null) {
        cookies = own;
      }
    }
  }
}
