package dev.detach.agent.container;

import dev.detach.agent.runtime.RequestOrigin;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

  /** The plain getters' values (getMethod, getRequestURI, getRemoteAddr, ...) in {@link ServletApi#getters}' order. */
  private Object[] values;
  private String requestUrl;
  /** {@link Pairs} of header name (as the client sent it) and value, a name's values together; or Unavailable. */
  private Object headers;
  private Object cookies;
  /** {@link Pairs} of parameter name and its {@code String[]} values; or Unavailable. */
  private Object parameters;
  /** {@link Pairs} of attribute name and value; or Unavailable. */
  private Object attributes;
  private Object locales;
  private Object session;
  private Set<String> roles;
  /** Where the container keeps the authenticated user's roles (Jetty's UserIdentity, Undertow's Account), or null. */
  private Roles roleOracle;
  /** {@code getParameterMap()}'s answer, made at its first call. */
  private volatile Map<String, String[]> parameterMap;

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
  //
  // Flat arrays, not maps: the copy is taken for nearly every request of a service that hands work off at
  // completion (its tasks are still queued then), and most copies are never read. Lookups scan the few
  // entries a request has; the maps some getters must answer with are made when a task first asks.

  /** In a dispatch note: the getter was not noted (it does not depend on the dispatch, or failed). */
  private static final Object NOT_NOTED = new Object();

  /**
   * At a request's first detached hand-off, on its dispatching thread: notes the getters that depend on
   * the dispatch (see {@link ServletApi#DISPATCH_GETTERS}), as the application sees them while it hands
   * work off.
   */
  static void noteDispatch(RequestOrigin origin) {
    for (Object o : origin.objects()) {
      ServletApi api = ServletApi.ofRequest(o);
      if (api != null) {
        Object[] noted = new Object[api.getters.length];
        for (int i = 0; i < noted.length; i++) {
          noted[i] = NOT_NOTED;
          if (api.dispatchGetter[i]) {
            try {
              noted[i] = call(api.getters[i], o);
            } catch (Throwable t) {
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
    Object[] atHandOff = origin.atFirstTask() instanceof Object[] ? (Object[]) origin.atFirstTask() : null;
    origin.setAtFirstTask(null); // in the copy from here on: not kept twice while tasks hold the request
    MethodHandle[] getters = api.getters;
    values = new Object[getters.length];
    for (int i = 0; i < getters.length; i++) {
      if (atHandOff != null && atHandOff[i] != NOT_NOTED) {
        values[i] = atHandOff[i];
        continue;
      }
      Object value;
      try {
        value = call(getters[i], request);
      } catch (Throwable t) {
        value = new Unavailable(api.getterNames[i] + " failed at completion", unwrap(t));
      }
      values[i] = value;
      if (value instanceof String) {
        bytes += size((String) value);
      }
    }
    try {
      Object url = call(api.getRequestURL, request);
      requestUrl = url == null ? null : url.toString();
    } catch (Throwable t) {
      requestUrl = null;
    }
    headers = section("headers", () -> readHeaders(request));
    cookies = section("cookies", () -> readCookies(request));
    parameters = section("parameters", () -> readParameters(request));
    attributes = section("attributes", () -> readNamed(request, call(api.getAttributeNames, request),
        api.getAttribute));
    locales = section("locales", () -> {
      List<Locale> list = new ArrayList<>(1);
      Enumeration<?> e = (Enumeration<?>) call(api.getLocales, request);
      while (e != null && e.hasMoreElements()) {
        list.add((Locale) e.nextElement());
      }
      return Collections.unmodifiableList(list);
    });
    session = section("session", () -> readSession(request));
    Object principal = getter("getUserPrincipal");
    roles = readRoles(principal);
    if (roles == null && principal instanceof Principal) {
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

  /**
   * Every header name the container lists, with each of its values (a name without values keeps one
   * null value, so that {@code getHeaderNames} still lists it); a name listed again in another case is
   * the same header and is skipped.
   */
  private Object readHeaders(Object request) throws Throwable {
    Pairs pairs = new Pairs(16);
    Enumeration<?> names = (Enumeration<?>) call(api.getHeaderNames, request);
    while (names != null && names.hasMoreElements()) {
      String name = sharedName((String) names.nextElement());
      if (pairs.indexOf(name, true) >= 0) {
        continue;
      }
      bytes += size(name);
      int before = pairs.size;
      Enumeration<?> each = (Enumeration<?>) call(api.getHeaders, request, name);
      while (each != null && each.hasMoreElements()) {
        String value = (String) each.nextElement();
        pairs.add(name, value);
        bytes += size(value);
      }
      if (pairs.size == before) {
        pairs.add(name, null);
      }
    }
    return pairs;
  }

  /**
   * Header names seen in earlier copies, shared by every copy: a request held by a waiting task keeps
   * its own header values, not a string per header name. Bounded; once full, later names are kept as
   * the container made them.
   */
  private static final ConcurrentHashMap<String, String> HEADER_NAMES = new ConcurrentHashMap<>();
  private static final int MAX_SHARED_HEADER_NAMES = 512;

  static String sharedName(String name) {
    if (name == null) {
      return null;
    }
    String known = HEADER_NAMES.get(name);
    if (known != null) {
      return known;
    }
    if (HEADER_NAMES.size() < MAX_SHARED_HEADER_NAMES) {
      known = HEADER_NAMES.putIfAbsent(name, name);
    }
    return known != null ? known : name;
  }

  private Object readCookies(Object request) throws Throwable {
    Object[] cookies = (Object[]) call(api.getCookies, request);
    if (cookies == null) {
      return null;
    }
    Object[] copy = cookies.clone();
    for (int i = 0; i < copy.length; i++) {
      copy[i] = call(api.cloneCookie, copy[i]);
      bytes += size((String) call(api.cookieName, copy[i])) + size((String) call(api.cookieValue, copy[i]));
    }
    return copy;
  }

  /**
   * By name, not by {@code getParameterMap()}: containers build that map for the asking (Tomcat a
   * {@code ParameterMap}, Jetty a new map per call). {@code getParameterValues} returns a new array on every
   * container line, and containers never write into an array they handed out, so the copy keeps it as it is.
   */
  private Object readParameters(Object request) throws Throwable {
    Pairs pairs = new Pairs(4);
    Enumeration<?> names = (Enumeration<?>) call(api.getParameterNames, request);
    while (names != null && names.hasMoreElements()) {
      String name = (String) names.nextElement();
      String[] values = (String[]) call(api.getParameterValues, request, name);
      if (values == null) {
        values = new String[0];
      }
      bytes += size(name);
      for (String v : values) {
        bytes += size(v);
      }
      pairs.add(name, values);
    }
    return pairs;
  }

  /** Names (an enumeration) to their non-null values by {@code get.invokeExact(owner, name)}, counted. */
  private Pairs readNamed(Object owner, Object names, MethodHandle get) throws Throwable {
    Pairs pairs = new Pairs(8);
    Enumeration<?> e = (Enumeration<?>) names;
    while (e != null && e.hasMoreElements()) {
      String name = (String) e.nextElement();
      Object value = call(get, owner, name);
      if (value != null) {
        pairs.add(name, value);
        bytes += size(name) + (value instanceof String ? size((String) value) : 16);
      }
    }
    return pairs;
  }

  private Object readSession(Object request) throws Throwable {
    Object live = api.getSession.invokeExact(request, false);
    if (live == null) {
      return null;
    }
    Pairs attributes = readNamed(live, call(api.sessionAttributeNames, live), api.sessionAttribute);
    return SessionCopy.of(api, live, Collections.unmodifiableMap(attributes.toMap()));
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

  /** The copied value of the plain getter {@code name}: null when the request's API has no such getter. */
  private Object getter(String name) {
    int i = api.getterIndex(name);
    return i < 0 ? null : values[i];
  }

  /**
   * Names and values, in the order they were read; never changed once the copy is taken. A few entries
   * each (headers, parameters, attributes of one request), so a lookup scans them.
   */
  static final class Pairs {
    Object[] items;
    int size;

    Pairs(int expected) {
      items = new Object[Math.max(2, expected * 2)];
    }

    void add(String name, Object value) {
      if (size + 2 > items.length) {
        items = Arrays.copyOf(items, items.length * 2);
      }
      items[size++] = name;
      items[size++] = value;
    }

    /** The index of {@code name}'s first entry, or -1. */
    int indexOf(String name, boolean ignoreCase) {
      for (int i = 0; i < size; i += 2) {
        String n = (String) items[i];
        if (ignoreCase ? n.equalsIgnoreCase(name) : n.equals(name)) {
          return i;
        }
      }
      return -1;
    }

    Object value(String name) {
      int i = name == null ? -1 : indexOf(name, false);
      return i < 0 ? null : items[i + 1];
    }

    /** The names, each once, in order (a name's entries are together). */
    List<String> names() {
      List<String> names = new ArrayList<>(size / 2);
      for (int i = 0; i < size; i += 2) {
        if (i == 0 || items[i] != items[i - 2]) {
          names.add((String) items[i]);
        }
      }
      return names;
    }

    Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < size; i += 2) {
        map.putIfAbsent((String) items[i], items[i + 1]);
      }
      return map;
    }
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
        return Collections.enumeration(((Pairs) available(headers)).names());
      case "getIntHeader": {
        String v = firstHeader((String) args[0]);
        return v == null ? -1 : Integer.parseInt(v);
      }
      case "getDateHeader": {
        String v = firstHeader((String) args[0]);
        return v == null ? -1L : HttpDates.parse(v);
      }
      case "getParameter": {
        String[] values = (String[]) ((Pairs) available(parameters)).value((String) args[0]);
        return values == null || values.length == 0 ? null : values[0];
      }
      case "getParameterValues": {
        String[] values = (String[]) ((Pairs) available(parameters)).value((String) args[0]);
        return values == null ? null : values.clone();
      }
      case "getParameterNames":
        return Collections.enumeration(((Pairs) available(parameters)).names());
      case "getParameterMap":
        return parameterMap();
      case "getAttribute":
        return Overlay.attribute(overlay, this, (String) args[0], (Pairs) available(attributes));
      case "getAttributeNames":
        return Collections.enumeration(Overlay.attributeNames(overlay, this, (Pairs) available(attributes)));
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
        return available(getter("getRemoteAddr"));
      case "getLocalName":
        return available(getter("getLocalAddr"));
      default: {
        int i = args.length == 0 ? api.getterIndex(method) : -1;
        if (i >= 0) {
          return available(values[i]);
        }
        throw refused(method);
      }
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

  /** The values of header {@code name}, any case (a listed header without values has none). */
  private List<String> headerValues(String name) {
    Pairs pairs = (Pairs) available(headers);
    int i = name == null ? -1 : pairs.indexOf(name, true);
    if (i < 0 || pairs.items[i + 1] == null) {
      return List.of();
    }
    String found = (String) pairs.items[i];
    List<String> values = new ArrayList<>(1);
    for (; i < pairs.size && pairs.items[i] == found; i += 2) {
      values.add((String) pairs.items[i + 1]);
    }
    return values;
  }

  /** The parameters as one unmodifiable map, made at the first {@code getParameterMap()}. */
  @SuppressWarnings("unchecked")
  private Map<String, String[]> parameterMap() {
    Map<String, String[]> map = parameterMap;
    if (map == null) {
      map = (Map<String, String[]>) (Map<String, ?>) Collections.unmodifiableMap(
          ((Pairs) available(parameters)).toMap());
      parameterMap = map;
    }
    return map;
  }

  private Object cookies() {
    Object[] copied = (Object[]) available(cookies);
    if (copied == null) {
      return null;
    }
    Object[] fresh = copied.clone(); // the task may change its cookies; other tasks keep theirs
    try {
      for (int i = 0; i < fresh.length; i++) {
        fresh[i] = call(api.cloneCookie, fresh[i]);
      }
    } catch (Throwable e) {
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
    if (available(getter("getUserPrincipal")) == null) {
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

  // invokeExact's call site must be (Object...)Object exactly: a cast of its result would change that.

  private static Object call(MethodHandle h, Object target) throws Throwable {
    return h.invokeExact(target);
  }

  private static Object call(MethodHandle h, Object target, Object argument) throws Throwable {
    return h.invokeExact(target, argument);
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
