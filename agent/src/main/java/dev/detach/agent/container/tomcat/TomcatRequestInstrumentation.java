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
 * Tomcat's connector {@code Request.recycle()}: the request completed; its values are still there.
 *
 * <p>The copy must precede the first step that clears what a detached task reads: this very method (it clears
 * the connector request's attributes, parsed parameters, cookies, locales, principal and session, then the
 * facade), and after it the coyote request's recycle (headers, URI, query, parameters, cookies), which
 * {@code Http11InputBuffer.nextRequest()} or HTTP/2's {@code Stream.recycle()} call. Tomcat 9 to 11 call it from
 * {@code CoyoteAdapter.service} and {@code asyncDispatch} once the response is complete (sync, async complete,
 * async timeout, error), and from the processor's release when it was missed; entering it is the completion.
 * Known exception: an async request whose first dispatch ends in an error that closes the connection cleanly
 * (HTTP/1.1) or any error (HTTP/2) has its coyote request recycled first.
 */
public final class TomcatRequestInstrumentation implements TypeInstrumentation {

  private static final ContainerFit.Need RECYCLE = ContainerFit.method("recycle", 0);

  @Override
  public String name() {
    return "Tomcat Request.recycle";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return named("org.apache.catalina.connector.Request");
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return (builder, type, loader, module, domain) -> ContainerFit.TOMCAT.check(type, domain, RECYCLE)
        ? builder.visit(weaving.advice(RecycleAdvice.class, RECYCLE.matcher()))
        : builder;
  }

  public static final class RecycleAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object request) {
      ContainerRequests.completed(request);
    }
  }
}
