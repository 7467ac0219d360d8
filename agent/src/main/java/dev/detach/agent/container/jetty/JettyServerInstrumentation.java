package dev.detach.agent.container.jetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.container.ContainerRequests;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Jetty's {@code Server}: where a request enters the application. Jetty 9.4, 10 and 11 dispatch through
 * {@code handle(HttpChannel)} and re-dispatch async through {@code handleAsync(HttpChannel)}; Jetty 12
 * runs every request, of every servlet flavour and of core handlers, through
 * {@code handle(Request, Response, Callback)}.
 */
public final class JettyServerInstrumentation implements TypeInstrumentation {

  private static final String CHANNEL = "org.eclipse.jetty.server.HttpChannel";

  @Override
  public String name() {
    return "Jetty";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return named("org.eclipse.jetty.server.Server");
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return Weaving.visiting(
        weaving.advice(InitialAdvice.class, named("handle").and(takesArguments(1)).and(takesArgument(0, named(CHANNEL)))),
        weaving.advice(AsyncAdvice.class, named("handleAsync").and(takesArguments(1)).and(takesArgument(0, named(CHANNEL)))),
        weaving.advice(CoreAdvice.class, named("handle").and(takesArguments(3))
            .and(takesArgument(0, named("org.eclipse.jetty.server.Request")))));
  }

  public static final class InitialAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) Object channel) {
      return JettyRequests.channelDispatchStarted(channel, true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      ContainerRequests.dispatchEnded(token);
    }
  }

  public static final class AsyncAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) Object channel) {
      return JettyRequests.channelDispatchStarted(channel, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      ContainerRequests.dispatchEnded(token);
    }
  }

  public static final class CoreAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) Object request) {
      return JettyRequests.coreDispatchStarted(request, true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      ContainerRequests.dispatchEnded(token);
    }
  }
}
