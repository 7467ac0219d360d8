package dev.detach.agent.container.jetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.container.ContainerFit;
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

  /** Jetty 9.4 to 11: the initial dispatch and the async re-dispatch of a channel. */
  private static final ContainerFit.Need HANDLE_CHANNEL = ContainerFit.method("handle(HttpChannel)",
      named("handle").and(takesArguments(1)).and(takesArgument(0, named(CHANNEL))));
  private static final ContainerFit.Need HANDLE_ASYNC = ContainerFit.method("handleAsync(HttpChannel)",
      named("handleAsync").and(takesArguments(1)).and(takesArgument(0, named(CHANNEL))));
  /** Jetty 12: every request, core or servlet. */
  private static final ContainerFit.Need HANDLE_CORE = ContainerFit.method("handle(Request, Response, Callback)",
      named("handle").and(takesArguments(3)).and(takesArgument(0, named("org.eclipse.jetty.server.Request"))));

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
    return (builder, type, loader, module, domain) -> {
      if (!type.getDeclaredMethods().filter(HANDLE_CORE.matcher()).isEmpty()) {
        return ContainerFit.JETTY.check(type, domain, HANDLE_CORE)
            ? builder.visit(weaving.advice(CoreAdvice.class, HANDLE_CORE.matcher()))
            : builder;
      }
      return ContainerFit.JETTY.check(type, domain, HANDLE_CHANNEL, HANDLE_ASYNC)
          ? builder.visit(weaving.advice(InitialAdvice.class, HANDLE_CHANNEL.matcher()))
              .visit(weaving.advice(AsyncAdvice.class, HANDLE_ASYNC.matcher()))
          : builder;
    };
  }

  public static final class InitialAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) Object channel) {
      return ContainerFit.JETTY.fits() ? JettyRequests.channelDispatchStarted(channel, true) : null;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      ContainerRequests.dispatchEnded(token);
    }
  }

  public static final class AsyncAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) Object channel) {
      return ContainerFit.JETTY.fits() ? JettyRequests.channelDispatchStarted(channel, false) : null;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      ContainerRequests.dispatchEnded(token);
    }
  }

  public static final class CoreAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) Object request) {
      return ContainerFit.JETTY.fits() ? JettyRequests.coreDispatchStarted(request, true) : null;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      ContainerRequests.dispatchEnded(token);
    }
  }
}
