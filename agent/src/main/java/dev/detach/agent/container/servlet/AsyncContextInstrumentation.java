package dev.detach.agent.container.servlet;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.runtime.ScopeStorage;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code AsyncContext.complete()} and {@code dispatch(...)}: containers may run the request's completion
 * right there, on the application's thread, and go on using the request's objects after the copy was
 * published (closing the output, recycling). That is the container's code, not the task's, so for its
 * duration the thread reads and writes the request's objects as they are.
 */
public final class AsyncContextInstrumentation implements TypeInstrumentation {

  @Override
  public String name() {
    return "AsyncContext completion";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return namedOneOf(
        "org.apache.catalina.core.AsyncContextImpl",
        "org.eclipse.jetty.server.AsyncContextState",
        "org.eclipse.jetty.ee8.nested.AsyncContextState",
        "org.eclipse.jetty.ee9.nested.AsyncContextState",
        "org.eclipse.jetty.ee10.servlet.AsyncContextState",
        "org.eclipse.jetty.ee11.servlet.AsyncContextState",
        "io.undertow.servlet.spec.AsyncContextImpl");
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return Weaving.visiting(weaving.advice(ContainerCallAdvice.class,
        isPublic().and(named("complete").or(nameStartsWith("dispatch")))));
  }

  public static final class ContainerCallAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter() {
      return ScopeStorage.suspendDetachedReads();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object suspended) {
      ScopeStorage.resumeDetachedReads(suspended);
    }
  }
}
