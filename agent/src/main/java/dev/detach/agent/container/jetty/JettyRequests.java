package dev.detach.agent.container.jetty;

import dev.detach.CancellationCause;
import dev.detach.agent.container.ContainerRequests;
import dev.detach.agent.container.Getter;
import dev.detach.agent.runtime.AgentLog;
import dev.detach.agent.runtime.RequestOrigin;

/**
 * Internal: what the advice woven into Jetty calls. Jetty's dispatch, re-dispatch, timeout and completion
 * points, each translated into the container-neutral steps of {@link ContainerRequests}.
 */
public final class JettyRequests {

  private static final Getter GET_REQUEST = new Getter("getRequest");
  private static final Getter GET_RESPONSE = new Getter("getResponse");
  private static final Getter GET_CORE_REQUEST = new Getter("getCoreRequest");
  private static final Getter SERVLET_CONTEXT_REQUEST = new Getter("getServletContextRequest");
  private static final Getter SERVLET_CONTEXT_RESPONSE = new Getter("getServletContextResponse");
  private static final Getter SERVLET_API_REQUEST = new Getter("getServletApiRequest");
  private static final Getter SERVLET_API_RESPONSE = new Getter("getServletApiResponse");

  private JettyRequests() {}

  /** Jetty 12: a core request (of any flavour) is dispatched; its innermost request identifies it. */
  public static Object coreDispatchStarted(Object request, boolean initial) {
    return coreDispatchStarted(request, initial, true);
  }

  private static Object coreDispatchStarted(Object request, boolean initial, boolean open) {
    try {
      JettyCoreRequestReader reader = JettyCoreRequestReader.of(request);
      if (reader == null) {
        return null;
      }
      return ContainerRequests.dispatchStarted(reader.key(request), request, reader, initial, open);
    } catch (Throwable t) {
      AgentLog.fault("Jetty request dispatch", t);
      return null;
    }
  }

  /**
   * Jetty 9.4 to 11: {@code Server.handle(HttpChannel)} (initial) or {@code handleAsync(HttpChannel)}. The
   * channel, one per connection, identifies the request; its {@code getRequest()} is the servlet request.
   */
  public static Object channelDispatchStarted(Object channel, boolean initial) {
    try {
      return ContainerRequests.dispatchStarted(channel, GET_REQUEST.get(channel), initial);
    } catch (Throwable t) {
      AgentLog.fault("Jetty request dispatch", t);
      return null;
    }
  }

  /**
   * Jetty 12 servlet flavours re-dispatch (async) outside {@code Server.handle}: ee8/ee9 through their
   * nested {@code HttpChannel} ({@code getCoreRequest()}), ee10/ee11 through {@code ServletChannel}
   * ({@code getRequest()}). Either leads to the core request the scope was opened for.
   */
  public static Object servletDispatchStarted(Object channel) {
    try {
      Object coreRequest = channelRequest(channel);
      // Jetty also runs these channels' handle() on the application's thread inside
      // AsyncContext.complete(): continue the request's scope there only while it is live.
      Object token = coreRequest == null ? null : coreDispatchStarted(coreRequest, false, false);
      if (token != null) {
        addServletChannelObjects(ContainerRequests.currentDispatchOrigin(), channel);
      }
      return token;
    } catch (Throwable t) {
      AgentLog.fault("Jetty request dispatch", t);
      return null;
    }
  }

  /** A Jetty async cycle timed out; {@code channel} is 9.4-11's HttpChannel or a Jetty 12 servlet channel. */
  public static void asyncTimedOut(Object channel) {
    try {
      ContainerRequests.noteCause(channelKey(channel), CancellationCause.DEADLINE_EXCEEDED, null);
    } catch (Throwable t) {
      AgentLog.fault("Jetty async timeout", t);
    }
  }

  /**
   * A Jetty 12 servlet channel completes its request: the servlet request and response are still intact
   * here, but are recycled before the core request's completion ends the scope, so the request's
   * detached tasks get their copy now.
   */
  public static void servletCompleting(Object channel) {
    try {
      ContainerRequests.finishBeforeCompletion(channelKey(channel));
    } catch (Throwable t) {
      AgentLog.fault("Jetty servlet completion", t);
    }
  }

  /**
   * A Jetty 12 servlet channel handles a request: ee10/ee11's {@code ServletChannel} knows the servlet
   * request and response of this request; ee8/ee9's nested {@code HttpChannel} its (reused) request and
   * response objects. They are among the objects the application holds for the request.
   */
  private static void addServletChannelObjects(RequestOrigin origin, Object channel) throws Throwable {
    if (origin == null) {
      return;
    }
    if (SERVLET_CONTEXT_REQUEST.existsOn(channel)) {
      origin.addObject(SERVLET_API_REQUEST.get(SERVLET_CONTEXT_REQUEST.get(channel)));
      origin.addObject(SERVLET_API_RESPONSE.get(SERVLET_CONTEXT_RESPONSE.get(channel)));
    } else {
      origin.addObject(GET_REQUEST.get(channel));
      origin.addObject(GET_RESPONSE.get(channel));
    }
  }

  /** ee8/ee9's nested channel: {@code getCoreRequest()}; ee10/ee11's and 9.4-11's: {@code getRequest()}. */
  private static Object channelRequest(Object channel) throws Throwable {
    return GET_CORE_REQUEST.existsOn(channel) ? GET_CORE_REQUEST.get(channel) : GET_REQUEST.get(channel);
  }

  /** The key of the request a Jetty channel (9.4-11's HttpChannel or a Jetty 12 servlet channel) serves. */
  private static Object channelKey(Object channel) throws Throwable {
    Object request = channelRequest(channel);
    JettyCoreRequestReader core = JettyCoreRequestReader.of(request);
    return core != null ? core.key(request) : channel;
  }
}
