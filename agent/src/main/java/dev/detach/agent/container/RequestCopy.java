package dev.detach.agent.container;

import dev.detach.agent.runtime.RequestOrigin;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A servlet request as it was when its container completed it, kept for the detached tasks that still
 * hold the request object: the container recycles that object, and may hand it to another request.
 *
 * <p>Taken once per request, at completion, before the container clears anything, and only when a
 * detached task of the request is still pending or running. Reads come from the same servlet API the
 * application uses (javax or jakarta), found from the request's class loader. Its size is bounded
 * ({@code request.copy.max-bytes}): a part that does not fit (headers, cookies, parameters, attributes,
 * session) is left out whole, and reading it fails with an {@link IllegalStateException} that says so,
 * rather than answering with part of it.
 *
 * <p>Public only so that advice in container classes can test for it; nothing of it is an API.
 */
public final class RequestCopy {

  /** The request completed and no copy was needed (or taking it failed): its objects read live. */
  static final RequestCopy NOT_TAKEN = new RequestCopy(null, null, 0);

  /** A value that could not be read at completion; reading it fails with this cause. */
  private static final class Unavailable {
    final String why;
    final Throwable cause;

    Unavailable(String why, Throwable cause) {
      this.why = why;
      this.cause = cause;
    }
  }

  private final ServletApi api;
  final RequestOrigin origin;
  private final long maxBytes;
  private long bytes;

  /** No-argument getters (getMethod, getRequestURI, getRemoteAddr, ...) by name. */
  private final Map<String, Object> getters = new LinkedHashMap<>();
  private String requestUrl;
  /** Lower-cased header name to its values; and the names as the client sent them. */
  private Object headers;
  private final List<String> headerNames = new ArrayList<>();
  private Object cookies;
  private Object parameters;
  private Object attributes;
  private Object locales;
  private Object session;
  private Set<String> roles;
  /** Where the container keeps the authenticated user's roles (Jetty's UserIdentity, Undertow's Account), or null. */
  private Roles roleOracle;

  private RequestCopy(ServletApi api, RequestOrigin origin, long maxBytes) {
    this.api = api;
    this.origin = origin;
    this.maxBytes = maxBytes;
  }

  /** Whether this copy answers for the request's objects. */
  boolean taken() {
    return api != null;
  }

  /** Copies the first servlet request among {@code origin}'s objects; {@link #NOT_TAKEN} when there is none. */
  static RequestCopy take(RequestOrigin origin, long maxBytes) {
    for (Object o : origin.objects()) {
      ServletApi api = ServletApi.ofRequest(o);
      if (api != null) {
        RequestCopy copy = new RequestCopy(api, origin, maxBytes);
        copy.read(o);
        return copy;
      }
    }
    return NOT_TAKEN;
  }

  // ---- taking the copy --------------------------------------------------------------------------

  /**
   * At a request's first detached hand-off, on its dispatching thread: notes the getters that depend on
   * the dispatch (see {@link ServletApi#DISPATCH_GETTERS}), as the application sees them while it hands
   * work off.
   */
  static void noteDispatch(RequestOrigin origin) {
    for (Object o : origin.objects()) {
      ServletApi api = ServletApi.ofRequest(o);
      if (api != null) {
        Map<String, Object> noted = new LinkedHashMap<>();
        for (Method m : api.requestGetters) {
          if (ServletApi.DISPATCH_GETTERS.contains(m.getName())) {
            try {
              noted.put(m.getName(), m.invoke(o));
            } catch (ReflectiveOperationException | RuntimeException e) {
              // read again at completion
            }
          }
        }
        origin.setAtFirstTask(noted);
        return;
      }
    }
  }

  private void read(Object request) {
    @SuppressWarnings("unchecked")
    Map<String, Object> atHandOff = (Map<String, Object>) origin.atFirstTask();
    for (Method m : api.requestGetters) {
      if (atHandOff != null && atHandOff.containsKey(m.getName())) {
        getters.put(m.getName(), atHandOff.get(m.getName()));
        continue;
      }
      Object value;
      try {
        value = m.invoke(request);
      } catch (Throwable t) {
        value = new Unavailable(m.getName() + " failed at completion", unwrap(t));
      }
      getters.put(m.getName(), value);
      if (value instanceof String) {
        bytes += size((String) value);
      }
    }
    try {
      Object url = api.getRequestURL.invoke(request);
      requestUrl = url == null ? null : url.toString();
    } catch (Throwable t) {
      requestUrl = null;
    }
    headers = section("headers", () -> readHeaders(request));
    cookies = section("cookies", () -> readCookies(request));
    parameters = section("parameters", () -> readParameters(request));
    attributes = section("attributes", () -> readAttributes(request));
    locales = section("locales", () -> {
      List<Locale> list = new ArrayList<>();
      for (Object l : enumeration(api.getLocales.invoke(request))) {
        list.add((Locale) l);
      }
      return Collections.unmodifiableList(list);
    });
    session = section("session", () -> readSession(request));
    roles = readRoles(getters.get("getUserPrincipal"));
    if (roles == null && getters.get("getUserPrincipal") instanceof Principal) {
      roleOracle = Roles.oracle(request);
    }
  }

  private interface Part {
    Object read() throws Throwable;
  }

  /** One part of the request: its value, or why it is not there. */
  private Object section(String name, Part part) {
    long before = bytes;
    try {
      Object value = part.read();
      if (bytes > maxBytes) {
        bytes = before;
        return new Unavailable("the request's " + name + " did not fit in request.copy.max-bytes=" + maxBytes, null);
      }
      return value;
    } catch (Throwable t) {
      bytes = before;
      return new Unavailable("the request's " + name + " could not be read at completion", unwrap(t));
    }
  }

  private Object readHeaders(Object request) throws Throwable {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (Object n : enumeration(api.getHeaderNames.invoke(request))) {
      String name = (String) n;
      List<String> values = new ArrayList<>();
      for (Object v : enumeration(api.getHeaders.invoke(request, name))) {
        values.add((String) v);
        bytes += size((String) v);
      }
      bytes += size(name);
      if (map.putIfAbsent(name.toLowerCase(Locale.ROOT), Collections.unmodifiableList(values)) == null) {
        headerNames.add(name);
      }
    }
    return map;
  }

  private Object readCookies(Object request) throws Throwable {
    Object[] cookies = (Object[]) api.getCookies.invoke(request);
    if (cookies == null) {
      return null;
    }
    Object[] copy = cookies.clone();
    for (int i = 0; i < copy.length; i++) {
      copy[i] = api.cloneCookie.invoke(copy[i]);
      bytes += size((String) api.cookieName.invoke(copy[i])) + size((String) api.cookieValue.invoke(copy[i]));
    }
    return copy;
  }

  private Object readParameters(Object request) throws Throwable {
    @SuppressWarnings("unchecked")
    Map<String, String[]> live = (Map<String, String[]>) api.getParameterMap.invoke(request);
    Map<String, String[]> map = new LinkedHashMap<>();
    for (Map.Entry<String, String[]> e : live.entrySet()) {
      String[] values = e.getValue() == null ? new String[0] : e.getValue().clone();
      bytes += size(e.getKey());
      for (String v : values) {
        bytes += size(v);
      }
      map.put(e.getKey(), values);
    }
    return Collections.unmodifiableMap(map);
  }

  private Object readAttributes(Object request) throws Throwable {
    return Collections.unmodifiableMap(
        readNamed(request, api.getAttributeNames.invoke(request), api.getAttribute));
  }

  /** Names (an enumeration) to their non-null values by {@code get.invoke(owner, name)}, counted. */
  private Map<String, Object> readNamed(Object owner, Object names, Method get) throws Throwable {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Object n : enumeration(names)) {
      String name = (String) n;
      Object value = get.invoke(owner, name);
      if (value != null) {
        map.put(name, value);
        bytes += size(name) + (value instanceof String ? size((String) value) : 16);
      }
    }
    return map;
  }

  private Object readSession(Object request) throws Throwable {
    Object live = api.getSession.invoke(request, false);
    if (live == null) {
      return null;
    }
    Map<String, Object> attributes = readNamed(live, api.sessionAttributeNames.invoke(live), api.sessionAttribute);
    return SessionCopy.of(api, live, Collections.unmodifiableMap(attributes));
  }

  /** Roles a container's principal tells (Tomcat's GenericPrincipal.getRoles()), or null when unknown. */
  private static Set<String> readRoles(Object principal) {
    if (!(principal instanceof Principal)) {
      return null;
    }
    try {
      Method m = principal.getClass().getMethod("getRoles");
      Object roles = m.invoke(principal);
      if (roles instanceof String[]) {
        return Set.of((String[]) roles);
      }
      if (roles instanceof java.util.Collection) {
        Set<String> set = new LinkedHashSet<>();
        for (Object r : (java.util.Collection<?>) roles) {
          set.add(String.valueOf(r));
        }
        return set;
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // no roles to tell
    }
    return null;
  }

  // ---- answering --------------------------------------------------------------------------------

  /** The answer of {@code method(args)} on the completed request, as the request object returns it. */
  Object answer(String method, Object[] args, Object overlay) {
    switch (method) {
      case "getHeader":
        return firstHeader((String) args[0]);
      case "getHeaders":
        return Collections.enumeration(headerValues((String) args[0]));
      case "getHeaderNames":
        available(headers);
        return Collections.enumeration(headerNames);
      case "getIntHeader": {
        String v = firstHeader((String) args[0]);
        return v == null ? -1 : Integer.parseInt(v);
      }
      case "getDateHeader": {
        String v = firstHeader((String) args[0]);
        return v == null ? -1L : HttpDates.parse(v);
      }
      case "getParameter": {
        String[] values = parameterMap().get((String) args[0]);
        return values == null || values.length == 0 ? null : values[0];
      }
      case "getParameterValues": {
        String[] values = parameterMap().get((String) args[0]);
        return values == null ? null : values.clone();
      }
      case "getParameterNames":
        return Collections.enumeration(parameterMap().keySet());
      case "getParameterMap":
        return parameterMap();
      case "getAttribute":
        return Overlay.attribute(overlay, this, (String) args[0], attributeMap());
      case "getAttributeNames":
        return Collections.enumeration(Overlay.attributeNames(overlay, this, attributeMap()));
      case "getCookies":
        return cookies();
      case "getLocales":
        return Collections.enumeration((List<?>) available(locales));
      case "getRequestURL":
        return requestUrl == null ? null : new StringBuffer(requestUrl);
      case "getSession":
        return session(args.length == 0 || (Boolean) args[0]);
      case "isUserInRole":
        return isUserInRole((String) args[0]);
      case "isAsyncStarted":
        return false;
      case "getRemoteHost":
        return available(getters.get("getRemoteAddr"));
      case "getLocalName":
        return available(getters.get("getLocalAddr"));
      default:
        if (args.length == 0 && getters.containsKey(method)) {
          return available(getters.get(method));
        }
        throw refused(method);
    }
  }

  /** A void method called on the completed request: attribute changes stay with the calling task. */
  Object answerVoid(String method, Object[] args, Object overlay) {
    switch (method) {
      case "setAttribute":
        if (args[1] == null) {
          return Overlay.removed(overlay, this, (String) args[0]);
        }
        return Overlay.set(overlay, this, (String) args[0], args[1]);
      case "removeAttribute":
        return Overlay.removed(overlay, this, (String) args[0]);
      default:
        throw refused(method);
    }
  }

  private String firstHeader(String name) {
    List<String> values = headerValues(name);
    return values.isEmpty() ? null : values.get(0);
  }

  private List<String> headerValues(String name) {
    @SuppressWarnings("unchecked")
    Map<String, List<String>> map = (Map<String, List<String>>) available(headers);
    List<String> values = name == null ? null : map.get(name.toLowerCase(Locale.ROOT));
    return values == null ? List.of() : values;
  }

  @SuppressWarnings("unchecked")
  private Map<String, String[]> parameterMap() {
    return (Map<String, String[]>) available(parameters);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> attributeMap() {
    return (Map<String, Object>) available(attributes);
  }

  private Object cookies() {
    Object[] copied = (Object[]) available(cookies);
    if (copied == null) {
      return null;
    }
    Object[] fresh = copied.clone(); // the task may change its cookies; other tasks keep theirs
    try {
      for (int i = 0; i < fresh.length; i++) {
        fresh[i] = api.cloneCookie.invoke(fresh[i]);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(prefix() + "the request's cookies could not be copied", e);
    }
    return fresh;
  }

  private Object session(boolean create) {
    Object s = available(session);
    if (s == null && create) {
      throw new IllegalStateException(prefix() + "a session cannot be created for it (getSession(true))");
    }
    return s;
  }

  private Object isUserInRole(String role) {
    if (available(getters.get("getUserPrincipal")) == null) {
      return false;
    }
    if (roles != null) {
      return roles.contains(role);
    }
    if (roleOracle != null) {
      return roleOracle.has(role);
    }
    throw new IllegalStateException(prefix() + "its container does not tell the principal's roles, so "
        + "isUserInRole(\"" + role + "\") cannot be answered");
  }

  private Object available(Object value) {
    if (value instanceof Unavailable) {
      Unavailable u = (Unavailable) value;
      throw new IllegalStateException(prefix() + u.why, u.cause);
    }
    return value;
  }

  private IllegalStateException refused(String method) {
    return new IllegalStateException(prefix() + method + "() cannot be served after completion (the body, "
        + "async processing, new sessions and authentication end with the request)");
  }

  static String prefix() {
    return "Detach: the request completed; background tasks read a copy of it taken then, and ";
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static long size(String s) {
    return s == null ? 0 : 40L + 2L * s.length();
  }

  private static List<Object> enumeration(Object e) {
    if (e == null) {
      return List.of();
    }
    return Collections.list((java.util.Enumeration<?>) e).stream().map(x -> (Object) x)
        .collect(java.util.stream.Collectors.toList());
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof java.lang.reflect.InvocationTargetException && t.getCause() != null ? t.getCause() : t;
  }

  /** A read-only view of the session as it was at completion, implementing the application's HttpSession. */
  static final class SessionCopy implements java.lang.reflect.InvocationHandler {
    private final Map<String, Object> attributes;
    private final Map<String, Object> getters = new LinkedHashMap<>();

    private SessionCopy(Map<String, Object> attributes) {
      this.attributes = attributes;
    }

    static Object of(ServletApi api, Object live, Map<String, Object> attributes) {
      SessionCopy handler = new SessionCopy(attributes);
      for (Method m : api.sessionGetters) {
        try {
          handler.getters.put(m.getName(), m.invoke(live));
        } catch (ReflectiveOperationException | RuntimeException e) {
          // an invalidated session tells nothing more
        }
      }
      return Proxy.newProxyInstance(api.session.getClassLoader(), new Class<?>[] {api.session}, handler);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      String name = method.getName();
      switch (name) {
        case "getAttribute":
        case "getValue":
          return attributes.get((String) args[0]);
        case "getAttributeNames":
          return Collections.enumeration(attributes.keySet());
        case "getValueNames":
          return attributes.keySet().toArray(new String[0]);
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        case "toString":
          return "Detach copy of session " + getters.get("getId");
        default:
          if ((args == null || args.length == 0) && getters.containsKey(name)) {
            return getters.get(name);
          }
          throw new IllegalStateException(prefix() + "its session is a read-only copy: " + name
              + "() cannot be served");
      }
    }
  }
}
