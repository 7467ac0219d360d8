package dev.detach.agent.container;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The servlet API (javax or jakarta) a request class implements, as seen from its class loader: the
 * methods {@link RequestCopy} reads at completion. Found once per request class.
 *
 * <p>The copy calls them through method handles adapted to {@code Object} arguments and results (one
 * {@code invokeExact} each, no argument arrays): it runs at the completion of nearly every request that
 * handed work off, so what it costs per call counts.
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

  /** The plain getters' names, in the order of {@link #getters}; a copy keeps their values in that order. */
  final String[] getterNames;
  /** The plain getters, each {@code (Object)Object}. */
  final MethodHandle[] getters;
  /** Whether the getter at an index is one of {@link #DISPATCH_GETTERS}. */
  final boolean[] dispatchGetter;
  private final Map<String, Integer> getterIndex = new HashMap<>();
  final MethodHandle getRequestURL;
  final MethodHandle getHeaderNames;
  /** {@code (Object, Object)Object}, like every handle below with arguments. */
  final MethodHandle getHeaders;
  final MethodHandle getCookies;
  final MethodHandle getParameterNames;
  final MethodHandle getParameterValues;
  final MethodHandle getAttributeNames;
  final MethodHandle getAttribute;
  final MethodHandle getLocales;
  /** {@code (Object, boolean)Object}. */
  final MethodHandle getSession;
  final Class<?> session;
  final MethodHandle sessionAttributeNames;
  final MethodHandle sessionAttribute;
  final List<Method> sessionGetters = new ArrayList<>();
  final MethodHandle cloneCookie;
  final MethodHandle cookieName;
  final MethodHandle cookieValue;

  private ServletApi(Class<?> request, String flavour, ClassLoader loader) throws ReflectiveOperationException {
    Map<String, Method> plain = new LinkedHashMap<>();
    for (Method m : request.getMethods()) {
      String n = m.getName();
      if (m.getParameterCount() == 0 && m.getReturnType() != void.class && !Modifier.isStatic(m.getModifiers())
          && (n.startsWith("get") || n.startsWith("is")) && !NOT_PLAIN_GETTERS.contains(n)) {
        plain.putIfAbsent(n, m);
      }
    }
    getterNames = plain.keySet().toArray(new String[0]);
    getters = new MethodHandle[getterNames.length];
    dispatchGetter = new boolean[getterNames.length];
    for (int i = 0; i < getterNames.length; i++) {
      getters[i] = generic(plain.get(getterNames[i]));
      dispatchGetter[i] = DISPATCH_GETTERS.contains(getterNames[i]);
      getterIndex.put(getterNames[i], i);
    }
    getRequestURL = generic(request.getMethod("getRequestURL"));
    getHeaderNames = generic(request.getMethod("getHeaderNames"));
    getHeaders = generic(request.getMethod("getHeaders", String.class));
    getCookies = generic(request.getMethod("getCookies"));
    getParameterNames = generic(request.getMethod("getParameterNames"));
    getParameterValues = generic(request.getMethod("getParameterValues", String.class));
    getAttributeNames = generic(request.getMethod("getAttributeNames"));
    getAttribute = generic(request.getMethod("getAttribute", String.class));
    getLocales = generic(request.getMethod("getLocales"));
    Method sessionGetter = request.getMethod("getSession", boolean.class);
    getSession = MethodHandles.publicLookup().unreflect(sessionGetter)
        .asType(MethodType.methodType(Object.class, Object.class, boolean.class));
    session = sessionGetter.getReturnType();
    sessionAttributeNames = generic(session.getMethod("getAttributeNames"));
    sessionAttribute = generic(session.getMethod("getAttribute", String.class));
    for (String n : new String[] {"getId", "getCreationTime", "getLastAccessedTime", "getMaxInactiveInterval",
        "isNew", "getServletContext"}) {
      sessionGetters.add(session.getMethod(n));
    }
    Class<?> cookie = Class.forName(flavour + ".http.Cookie", false, loader);
    cloneCookie = generic(cookie.getMethod("clone"));
    cookieName = generic(cookie.getMethod("getName"));
    cookieValue = generic(cookie.getMethod("getValue"));
  }

  /** {@code m} as a handle taking and returning {@code Object}s (the receiver first). */
  private static MethodHandle generic(Method m) throws IllegalAccessException {
    MethodHandle h = MethodHandles.publicLookup().unreflect(m);
    return h.asType(MethodType.genericMethodType(h.type().parameterCount()));
  }

  /** The index of the plain getter {@code name} in {@link #getters}, or -1. */
  int getterIndex(String name) {
    Integer i = getterIndex.get(name);
    return i == null ? -1 : i;
  }

  /** The API of {@code request}'s class, or null when it is no HttpServletRequest. */
  static ServletApi ofRequest(Object request) {
    return request == null ? null : BY_CLASS.get(request.getClass());
  }
}
