package dev.detach.agent.container;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The servlet API (javax or jakarta) a request class implements, as seen from its class loader: the
 * methods {@link RequestCopy} reads at completion. Found once per request class.
 */
final class ServletApi {

  private static final String[] FLAVOURS = {"jakarta.servlet", "javax.servlet"};

  /**
   * Getters the copy does not read as plain values: the body and async state (never copied), the
   * session (created by {@code getSession()}), and the collections it copies by their own methods.
   */
  private static final Set<String> NOT_PLAIN_GETTERS = Set.of(
      "getInputStream", "getReader", "getParts", "getAsyncContext", "getSession", "newPushBuilder",
      "isAsyncStarted", "getRequestURL", "getHeaderNames", "getCookies", "getParameterMap",
      "getParameterNames", "getAttributeNames", "getLocales",
      // Host names may need a DNS lookup (Tomcat resolves the local name on demand): answered with the
      // address instead, which the servlet specification allows for getRemoteHost.
      "getRemoteHost", "getLocalName");

  private static final ClassValue<ServletApi> BY_CLASS = new ClassValue<ServletApi>() {
    @Override
    protected ServletApi computeValue(Class<?> type) {
      for (String flavour : FLAVOURS) {
        try {
          Class<?> api = Class.forName(flavour + ".http.HttpServletRequest", false, type.getClassLoader());
          if (api.isAssignableFrom(type)) {
            return new ServletApi(api, flavour, type.getClassLoader());
          }
        } catch (LinkageError | ReflectiveOperationException e) {
          // not this flavour
        }
      }
      return null;
    }
  };

  /**
   * Getters whose answer depends on the dispatch running (paths, dispatcher type, the servlet context):
   * some containers reset them when the dispatch returns, before completion (Jetty 9.4 to 12 ee9 leave
   * the context's scope, which sets the request's context to null), so they are noted at the first
   * hand-off.
   */
  static final Set<String> DISPATCH_GETTERS = Set.of("getContextPath", "getServletPath", "getPathInfo",
      "getPathTranslated", "getDispatcherType", "getHttpServletMapping", "getServletContext");

  final List<Method> requestGetters = new ArrayList<>();
  final Method getRequestURL;
  final Method getHeaderNames;
  final Method getHeaders;
  final Method getCookies;
  final Method getParameterMap;
  final Method getAttributeNames;
  final Method getAttribute;
  final Method getLocales;
  final Method getSession;
  final Class<?> session;
  final Method sessionAttributeNames;
  final Method sessionAttribute;
  final List<Method> sessionGetters = new ArrayList<>();
  final Method cloneCookie;
  final Method cookieName;
  final Method cookieValue;

  private ServletApi(Class<?> request, String flavour, ClassLoader loader) throws ReflectiveOperationException {
    Map<String, Method> plain = new LinkedHashMap<>();
    for (Method m : request.getMethods()) {
      String n = m.getName();
      if (m.getParameterCount() == 0 && m.getReturnType() != void.class && !Modifier.isStatic(m.getModifiers())
          && (n.startsWith("get") || n.startsWith("is")) && !NOT_PLAIN_GETTERS.contains(n)) {
        plain.putIfAbsent(n, m);
      }
    }
    requestGetters.addAll(plain.values());
    getRequestURL = request.getMethod("getRequestURL");
    getHeaderNames = request.getMethod("getHeaderNames");
    getHeaders = request.getMethod("getHeaders", String.class);
    getCookies = request.getMethod("getCookies");
    getParameterMap = request.getMethod("getParameterMap");
    getAttributeNames = request.getMethod("getAttributeNames");
    getAttribute = request.getMethod("getAttribute", String.class);
    getLocales = request.getMethod("getLocales");
    getSession = request.getMethod("getSession", boolean.class);
    session = getSession.getReturnType();
    sessionAttributeNames = session.getMethod("getAttributeNames");
    sessionAttribute = session.getMethod("getAttribute", String.class);
    for (String n : new String[] {"getId", "getCreationTime", "getLastAccessedTime", "getMaxInactiveInterval",
        "isNew", "getServletContext"}) {
      sessionGetters.add(session.getMethod(n));
    }
    Class<?> cookie = Class.forName(flavour + ".http.Cookie", false, loader);
    cloneCookie = cookie.getMethod("clone");
    cookieName = cookie.getMethod("getName");
    cookieValue = cookie.getMethod("getValue");
  }

  /** The API of {@code request}'s class, or null when it is no HttpServletRequest. */
  static ServletApi ofRequest(Object request) {
    return request == null ? null : BY_CLASS.get(request.getClass());
  }
}
