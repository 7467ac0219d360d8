package dev.detach.agent.container.undertow;

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
 * Undertow 2.2 and 2.3: {@code Connectors.executeRootHandler(handler, exchange)} runs every dispatch of
 * an exchange (IO thread, worker, servlet async dispatch); the exchange is new for every request and its
 * completion listeners run in {@code invokeExchangeCompleteListeners()}. A servlet async timeout goes
 * through {@code AsyncContextImpl.onAsyncTimeout()}.
 *
 * <p>The copy must precede {@code HttpServletRequestImpl.clearAttributes()} (the only state Undertow clears; the
 * exchange and the servlet request are new per request), which {@code ServletBlockingHttpExchange.close()} calls
 * only once the exchange is complete, that is after {@code invokeExchangeCompleteListeners()}: the copy is taken
 * at that method's entry, on the sync and async paths, on client disconnects and on failed flushes alike. An
 * unread request body is drained before it, so form parameters the application never read are not in the copy.
 */
public final class UndertowInstrumentation implements TypeInstrumentation {

  private static final ContainerFit.Need DISPATCH = ContainerFit.method("executeRootHandler", 2);
  private static final ContainerFit.Need COMPLETED = ContainerFit.method("invokeExchangeCompleteListeners", 0);
  private static final ContainerFit.Need TIMEOUT = ContainerFit.method("onAsyncTimeout", 0);
  private static final ContainerFit.Need ERROR = ContainerFit.method("handleError", 1);

  @Override
  public String name() {
    return "Undertow";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return named("io.undertow.server.Connectors").or(named("io.undertow.server.HttpServerExchange"))
        .or(named("io.undertow.servlet.spec.AsyncContextImpl"));
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return (builder, type, loader, module, domain) -> {
      switch (type.getName()) {
        case "io.undertow.server.Connectors":
          return ContainerFit.UNDERTOW.check(type, domain, DISPATCH)
              ? builder.visit(weaving.advice(DispatchAdvice.class, DISPATCH.matcher()))
              : builder;
        case "io.undertow.server.HttpServerExchange":
          return ContainerFit.UNDERTOW.check(type, domain, COMPLETED)
              ? builder.visit(weaving.advice(CompletedAdvice.class, COMPLETED.matcher()))
              : builder;
        default:
          return ContainerFit.UNDERTOW.check(type, domain, TIMEOUT, ERROR)
              ? builder.visit(weaving.advice(TimeoutAdvice.class, TIMEOUT.matcher()))
                  .visit(weaving.advice(ErrorAdvice.class, ERROR.matcher()))
              : builder;
      }
    };
  }

  public static final class DispatchAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(1) Object exchange) {
      return ContainerFit.UNDERTOW.fits() ? UndertowRequests.dispatchStarted(exchange) : null;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object token) {
      ContainerRequests.dispatchEnded(token);
    }
  }

  public static final class CompletedAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object exchange) {
      UndertowRequests.completed(exchange);
    }
  }

  public static final class ErrorAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("exchange") Object exchange, @Advice.Argument(0) Throwable error) {
      ContainerRequests.asyncFailed(exchange, error);
    }
  }

  public static final class TimeoutAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("exchange") Object exchange) {
      ContainerRequests.noteCause(exchange, CancellationCause.DEADLINE_EXCEEDED, null);
    }
  }
}
