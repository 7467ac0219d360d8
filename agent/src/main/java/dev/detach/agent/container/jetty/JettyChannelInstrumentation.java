package dev.detach.agent.container.jetty;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

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
 * The rest of a Jetty request's life. Jetty 9.4 to 11: {@code HttpChannel.onCompleted()} (completion,
 * before {@code recycle()}) and {@code HttpChannelState.onTimeout()} (async timeout). Jetty 12 servlet
 * flavours: the async re-dispatch through ee8/ee9's nested {@code HttpChannel.handle()} or ee10/ee11's
 * {@code ServletChannel.handle()}, and their {@code onCompleted()}, where the servlet request is complete
 * but not yet recycled (the scope itself ends with the core request). Every version: an
 * {@code EofException} raised on the request thread means the client went away.
 *
 * <p>Which container step the copy must precede, per line:
 * <ul>
 *   <li>Jetty 9.4 to 11: {@code HttpChannel.recycle()} ({@code Request.recycle()}), which
 *       {@code HttpConnection.onCompleted()} (HTTP/2: the stream's channel) calls from inside
 *       {@code HttpChannel.onCompleted()}; the copy is taken at the entry of {@code onCompleted()}, on every path
 *       (sync, async complete and timeout, error, abort) since all of them reach it. Earlier, the context's scope
 *       has reset the servlet path, path info and context (noted at the first hand-off instead).
 *   <li>Jetty 12 ee8/ee9: the nested {@code HttpChannel.recycle()}, which a completion listener of the core request
 *       calls once the nested {@code onCompleted()} has completed the core callback: the copy is taken at the
 *       entry of the nested {@code onCompleted()}.
 *   <li>Jetty 12 ee10/ee11: {@code ServletChannel.recycle(Throwable)}, a completion listener of the core request
 *       that runs only after {@code ServletChannel.onCompleted()} completed the core callback: the copy is taken
 *       at the entry of {@code onCompleted()}.
 * </ul>
 * Known exception (Jetty 12 servlet flavours): a core handler that throws after the servlet went async fails the
 * core callback without {@code onCompleted()}; the servlet channel is then recycled before the scope ends.
 */
public final class JettyChannelInstrumentation implements TypeInstrumentation {

  private static final String[] NESTED_CHANNELS = {
    "org.eclipse.jetty.ee8.nested.HttpChannel", "org.eclipse.jetty.ee9.nested.HttpChannel",
    "org.eclipse.jetty.ee10.servlet.ServletChannel", "org.eclipse.jetty.ee11.servlet.ServletChannel"
  };

  /** Async state classes whose channel is in {@code _channel}. */
  private static final String[] CHANNEL_STATES = {
    "org.eclipse.jetty.server.HttpChannelState", "org.eclipse.jetty.ee8.nested.HttpChannelState",
    "org.eclipse.jetty.ee9.nested.HttpChannelState"
  };

  /** Async state classes whose channel is in {@code _servletChannel}. */
  private static final String[] SERVLET_CHANNEL_STATES = {
    "org.eclipse.jetty.ee10.servlet.ServletChannelState", "org.eclipse.jetty.ee11.servlet.ServletChannelState"
  };

  private static final ContainerFit.Need ON_COMPLETED = ContainerFit.method("onCompleted", 0);
  private static final ContainerFit.Need ON_TIMEOUT = ContainerFit.method("onTimeout", 0);
  private static final ContainerFit.Need HANDLE = ContainerFit.method("handle", 0);

  @Override
  public String name() {
    return "Jetty channels";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return namedOneOf("org.eclipse.jetty.server.HttpChannel", "org.eclipse.jetty.server.HttpChannelState",
        "org.eclipse.jetty.io.EofException").or(namedOneOf(NESTED_CHANNELS))
        .or(namedOneOf(CHANNEL_STATES)).or(namedOneOf(SERVLET_CHANNEL_STATES));
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return (builder, type, loader, module, domain) -> {
      switch (type.getName()) {
        case "org.eclipse.jetty.server.HttpChannel":
          if (type.isInterface()) {
            return builder; // Jetty 12's core channel: its requests complete elsewhere (the nested channels)
          }
          return ContainerFit.JETTY.check(type, domain, ON_COMPLETED)
              ? builder.visit(weaving.advice(CompletedAdvice.class, ON_COMPLETED.matcher()))
              : builder;
        case "org.eclipse.jetty.server.HttpChannelState":
        case "org.eclipse.jetty.ee8.nested.HttpChannelState":
        case "org.eclipse.jetty.ee9.nested.HttpChannelState":
          return ContainerFit.JETTY.check(type, domain, ON_TIMEOUT)
              ? builder.visit(weaving.advice(TimeoutAdvice.class, ON_TIMEOUT.matcher()))
              : builder;
        case "org.eclipse.jetty.ee10.servlet.ServletChannelState":
        case "org.eclipse.jetty.ee11.servlet.ServletChannelState":
          return ContainerFit.JETTY.check(type, domain, ON_TIMEOUT)
              ? builder.visit(weaving.advice(ServletTimeoutAdvice.class, ON_TIMEOUT.matcher()))
              : builder;
        case "org.eclipse.jetty.io.EofException":
          return builder.visit(weaving.advice(EofAdvice.class, isConstructor()));
        default:
          return ContainerFit.JETTY.check(type, domain, HANDLE, ON_COMPLETED)
              ? builder.visit(weaving.advice(RedispatchAdvice.class, HANDLE.matcher()))
                  .visit(weaving.advice(ServletCompletedAdvice.class, ON_COMPLETED.matcher()))
              : builder;
      }
    };
  }

  public static final class CompletedAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object channel) {
      ContainerRequests.completed(channel);
    }
  }

  public static final class TimeoutAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("_channel") Object channel) {
      JettyRequests.asyncTimedOut(channel);
    }
  }

  public static final class ServletTimeoutAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("_servletChannel") Object channel) {
      JettyRequests.asyncTimedOut(channel);
    }
  }

  public static final class EofAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Throwable eof) {
      ContainerRequests.noteCauseOnThisThread(CancellationCause.CLIENT_DISCONNECTED, eof);
    }
  }

  public static final class ServletCompletedAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object channel) {
      JettyRequests.servletCompleting(channel);
    }
  }

  public static final class RedispatchAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object channel) {
      return JettyRequests.servletDispatchStarted(channel);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      ContainerRequests.dispatchEnded(token);
    }
  }
}
