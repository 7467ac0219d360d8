package dev.detach.agent.container.servlet;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isOverriddenFrom;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.container.CompletedRequests;
import dev.detach.agent.container.RequestCopy;
import dev.detach.agent.container.undertow.UndertowRequests;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The servlet request and response classes each container hands to the application. Their servlet API
 * methods, called from a detached task after the request completed, answer from the request's copy
 * (request) or refuse (response, and the output streams and writers it handed out); on every other
 * thread they run as they are. Undertow's constructors also tell which request they belong to.
 */
public final class ServletObjectInstrumentation implements TypeInstrumentation {

  private static final Set<String> REQUESTS = Set.of(
      "org.apache.catalina.connector.RequestFacade",
      "org.eclipse.jetty.server.Request", // 9.4 to 11 (Jetty 12's core Request has no servlet methods)
      "org.eclipse.jetty.ee8.nested.Request",
      "org.eclipse.jetty.ee9.nested.Request",
      "io.undertow.servlet.spec.HttpServletRequestImpl");

  private static final Set<String> RESPONSES = Set.of(
      "org.apache.catalina.connector.ResponseFacade",
      "org.eclipse.jetty.server.Response",
      "org.eclipse.jetty.ee8.nested.Response",
      "org.eclipse.jetty.ee9.nested.Response",
      "io.undertow.servlet.spec.HttpServletResponseImpl");

  /**
   * The output streams and writers containers hand out for responses. Jetty keeps one per connection
   * (or servlet channel), so a late write through one a task kept would land in a later response.
   */
  private static final Set<String> STREAMS = Set.of(
      "org.apache.catalina.connector.CoyoteOutputStream",
      "org.apache.catalina.connector.CoyoteWriter",
      "org.eclipse.jetty.server.HttpOutput",
      "org.eclipse.jetty.server.ResponseWriter",
      "org.eclipse.jetty.ee8.nested.HttpOutput",
      "org.eclipse.jetty.ee8.nested.ResponseWriter",
      "org.eclipse.jetty.ee9.nested.HttpOutput",
      "org.eclipse.jetty.ee9.nested.ResponseWriter",
      "org.eclipse.jetty.ee10.servlet.HttpOutput",
      "org.eclipse.jetty.ee10.servlet.ResponseWriter",
      "org.eclipse.jetty.ee11.servlet.HttpOutput",
      "org.eclipse.jetty.ee11.servlet.ResponseWriter",
      "io.undertow.servlet.spec.ServletOutputStreamImpl",
      "io.undertow.servlet.spec.ServletPrintWriterDelegate");

  /** ee10/ee11 servlet request and response classes, with their nested subclasses. */
  private static final String[] JETTY_SERVLET_API = {
    "org.eclipse.jetty.ee10.servlet.ServletApiRequest", "org.eclipse.jetty.ee11.servlet.ServletApiRequest",
    "org.eclipse.jetty.ee10.servlet.ServletApiResponse", "org.eclipse.jetty.ee11.servlet.ServletApiResponse"
  };

  private static final String UNDERTOW_REQUEST = "io.undertow.servlet.spec.HttpServletRequestImpl";
  private static final String UNDERTOW_RESPONSE = "io.undertow.servlet.spec.HttpServletResponseImpl";

  @Override
  public String name() {
    return "servlet request and response objects";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    // Not Jetty 12's core Request interface, which has that name too (JettyCoreRequestInstrumentation).
    ElementMatcher.Junction<TypeDescription> m = namedOneOf(REQUESTS.toArray(new String[0])).and(not(isInterface()))
        .or(namedOneOf(RESPONSES.toArray(new String[0])))
        .or(namedOneOf(STREAMS.toArray(new String[0])));
    for (String prefix : JETTY_SERVLET_API) {
      m = m.or(nameStartsWith(prefix));
    }
    return m;
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    ElementMatcher.Junction<MethodDescription> servletMethods = isPublic().and(not(isStatic()))
        .and(not(isAbstract()))
        .and(isOverriddenFrom(nameStartsWith("javax.servlet.").or(nameStartsWith("jakarta.servlet."))));
    return (builder, type, loader, module, domain) -> {
      String name = type.getName();
      boolean request = REQUESTS.contains(name) || name.contains("ServletApiRequest");
      if (STREAMS.contains(name)) {
        return builder.visit(weaving.advice(StreamAdvice.class, isPublic().and(not(isStatic()))
            .and(not(isAbstract())).and(not(isConstructor()))
            .and(isOverriddenFrom(namedOneOf("java.io.OutputStream", "java.io.Writer", "java.io.PrintWriter")
                .or(nameStartsWith("javax.servlet.")).or(nameStartsWith("jakarta.servlet."))))));
      }
      if (request) {
        builder = builder
            .visit(weaving.advice(ReadAdvice.class, servletMethods.and(not(returns(void.class)))))
            .visit(weaving.advice(WriteAdvice.class, servletMethods.and(returns(void.class))));
      } else {
        builder = builder.visit(weaving.advice(ResponseAdvice.class, servletMethods))
            .visit(weaving.advice(StreamOpenedAdvice.class,
                servletMethods.and(namedOneOf("getOutputStream", "getWriter"))));
      }
      if (name.equals(UNDERTOW_REQUEST) || name.equals(UNDERTOW_RESPONSE)) {
        builder = builder.visit(weaving.advice(UndertowCreatedAdvice.class,
            isConstructor().and(takesArgument(0, named("io.undertow.server.HttpServerExchange")))));
      }
      return builder;
    };
  }

  /** A request method with a result. */
  public static final class ReadAdvice {
    @Advice.OnMethodEnter(skipOn = RequestCopy.class, suppress = Throwable.class)
    public static Object enter(@Advice.This Object request) {
      return CompletedRequests.beforeRead(request);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    public static void exit(@Advice.Origin("#m") String method,
        @Advice.AllArguments Object[] args, @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object value,
        @Advice.Thrown(readOnly = false) Throwable thrown) {
      if (state != null) {
        Object copy = CompletedRequests.afterRead(state);
        if (copy != null) {
          thrown = null;
          value = CompletedRequests.answer(copy, method, args);
        }
      }
    }
  }

  /** A void request method: attribute changes on a completed request stay with the task. */
  public static final class WriteAdvice {
    @Advice.OnMethodEnter(skipOn = RequestCopy.class, suppress = Throwable.class)
    public static Object enter(@Advice.This Object request) {
      return CompletedRequests.beforeRead(request);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    public static void exit(@Advice.Origin("#m") String method,
        @Advice.AllArguments Object[] args, @Advice.Enter Object state,
        @Advice.Thrown(readOnly = false) Throwable thrown) {
      if (state != null) {
        Object copy = CompletedRequests.afterRead(state);
        if (copy != null) {
          thrown = null;
          CompletedRequests.answerVoid(copy, method, args);
        }
      }
    }
  }

  /** Any response (or response stream) method: refused in a detached task once the request completed. */
  public static final class ResponseAdvice {
    @Advice.OnMethodEnter
    public static void enter(@Advice.This Object response, @Advice.Origin("#m") String method) {
      RuntimeException refusal = CompletedRequests.responseRefusal(response, method);
      if (refusal != null) {
        throw refusal;
      }
    }
  }

  /**
   * Any method of a response's output stream or writer: refused in a detached task once the request
   * completed. An output stream fails the way a write to a gone client does ({@code IOException}, which
   * streaming code already handles); a writer, whose methods throw nothing checked, with an
   * {@code IllegalStateException}.
   */
  public static final class StreamAdvice {
    @Advice.OnMethodEnter
    public static void enter(@Advice.This Object stream, @Advice.Origin("#m") String method) throws Throwable {
      Throwable refusal = CompletedRequests.streamRefusal(stream, method);
      if (refusal != null) {
        throw refusal;
      }
    }
  }

  /** A response's output stream or writer was handed out: it belongs to the request this thread works for. */
  public static final class StreamOpenedAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return Object stream) {
      CompletedRequests.responseStreamOpened(stream);
    }
  }

  /** Undertow's servlet request or response for an exchange was made. */
  public static final class UndertowCreatedAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object servletObject, @Advice.Argument(0) Object exchange) {
      UndertowRequests.servletObjectCreated(exchange, servletObject);
    }
  }
}
