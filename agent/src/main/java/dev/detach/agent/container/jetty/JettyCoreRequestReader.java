package dev.detach.agent.container.jetty;

import dev.detach.agent.container.ContainerRequests;
import dev.detach.agent.container.ContainerFit;
import dev.detach.agent.container.PublicMethods;
import dev.detach.agent.container.ReaderLookup;
import dev.detach.agent.container.RequestReader;
import java.lang.invoke.MethodHandle;
import java.security.Principal;
import java.util.function.Consumer;

/**
 * Reads a Jetty 12 core {@code org.eclipse.jetty.server.Request}, and registers for its completion
 * through {@code Request.addCompletionListener}. Every Jetty 12 request, servlet (ee8 to ee11) or core
 * handler, is one of these first.
 *
 * <p>A core request becomes unreadable at {@code HttpChannelState.recycle()}, which only the connection's
 * innermost {@code HttpStream} calls once the stream completed; completion listeners run before it (the
 * listener wrapper calls them before passing completion on), so the scope ends before that step on every path.
 * Listeners run in reverse order of registration and this one is registered first, at dispatch: the servlet
 * flavours' own recycling listeners run before it, which is why their copy is taken earlier, in their
 * {@code onCompleted()} ({@code JettyChannelInstrumentation}).
 */
final class JettyCoreRequestReader implements RequestReader, ContainerRequests.CompletionSource {

  private static final ClassValue<JettyCoreRequestReader> BY_CLASS = new ClassValue<JettyCoreRequestReader>() {
    @Override
    protected JettyCoreRequestReader computeValue(Class<?> type) {
      Class<?> api = PublicMethods.load(type, "org.eclipse.jetty.server.Request");
      if (api == null || !api.isInterface() || !api.isAssignableFrom(type)) {
        return null; // no Jetty 12 core request (up to Jetty 11, Request is the servlet request class)
      }
      ReaderLookup look = new ReaderLookup();
      Class<?> uri = look.load(type, "org.eclipse.jetty.http.HttpURI");
      Class<?> fields = look.load(type, "org.eclipse.jetty.http.HttpFields");
      Class<?> auth = look.load(type, "org.eclipse.jetty.server.Request$AuthenticationState");
      JettyCoreRequestReader r = new JettyCoreRequestReader(
          look.virtual(api, "getMethod"),
          look.virtual(api, "getHttpURI"),
          look.virtual(uri, "getPath"),
          look.virtual(uri, "getQuery"),
          look.statik(api, "getRemoteAddr", api),
          look.virtual(api, "getHeaders"),
          look.virtual(fields, "get", String.class),
          look.statik(api, "getAuthenticationState", api),
          look.virtual(auth, "getUserPrincipal"),
          look.statik(api, "addCompletionListener", api, Consumer.class),
          look.statik(api, "unWrap", api));
      return look.fits(ContainerFit.JETTY, type) ? r : null; // every handle found: the reads need no null checks
    }
  };

  private final MethodHandle getMethod;
  private final MethodHandle getHttpUri;
  private final MethodHandle uriPath;
  private final MethodHandle uriQuery;
  private final MethodHandle remoteAddr;
  private final MethodHandle getHeaders;
  private final MethodHandle fieldsGet;
  private final MethodHandle authState;
  private final MethodHandle authPrincipal;
  private final MethodHandle addCompletionListener;
  private final MethodHandle unWrap;

  private JettyCoreRequestReader(MethodHandle getMethod, MethodHandle getHttpUri, MethodHandle uriPath,
      MethodHandle uriQuery, MethodHandle remoteAddr, MethodHandle getHeaders, MethodHandle fieldsGet,
      MethodHandle authState, MethodHandle authPrincipal, MethodHandle addCompletionListener,
      MethodHandle unWrap) {
    this.getMethod = getMethod;
    this.getHttpUri = getHttpUri;
    this.uriPath = uriPath;
    this.uriQuery = uriQuery;
    this.remoteAddr = remoteAddr;
    this.getHeaders = getHeaders;
    this.fieldsGet = fieldsGet;
    this.authState = authState;
    this.authPrincipal = authPrincipal;
    this.addCompletionListener = addCompletionListener;
    this.unWrap = unWrap;
  }

  /** The reader for {@code request}'s class, or null when it is no Jetty 12 core request. */
  static JettyCoreRequestReader of(Object request) {
    return request == null ? null : BY_CLASS.get(request.getClass());
  }

  /** The innermost request behind wrappers: the one object every Jetty 12 layer shares for a request. */
  Object key(Object request) throws Throwable {
    Object inner = unWrap.invoke(request);
    return inner == null ? request : inner;
  }

  @Override
  public String method(Object request) throws Throwable {
    return (String) getMethod.invoke(request);
  }

  @Override
  public String uri(Object request) throws Throwable {
    return (String) uriPath.invoke(getHttpUri.invoke(request));
  }

  @Override
  public String query(Object request) throws Throwable {
    return (String) uriQuery.invoke(getHttpUri.invoke(request));
  }

  @Override
  public String remoteAddress(Object request) throws Throwable {
    return (String) remoteAddr.invoke(request);
  }

  @Override
  public String header(Object request, String name) throws Throwable {
    return (String) fieldsGet.invoke(getHeaders.invoke(request), name);
  }

  @Override
  public Principal principal(Object request) throws Throwable {
    Object state = authState.invoke(request);
    return state == null ? null : (Principal) authPrincipal.invoke(state);
  }

  @Override
  public void onCompletion(Object request, Object key) throws Throwable {
    Consumer<Throwable> listener = failure -> ContainerRequests.completedWith(key, failure);
    addCompletionListener.invoke(request, listener);
  }
}
