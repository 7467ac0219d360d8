package dev.detach.agent.container;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.Principal;

/**
 * Reads an {@code HttpServletRequest}, javax or jakarta, from the boot class path, which can see
 * neither: through method handles on the servlet interface the request's class implements, looked up
 * once per class.
 */
final class ServletRequestReader implements RequestReader {

  private static final String[] INTERFACES = {
    "jakarta.servlet.http.HttpServletRequest", "javax.servlet.http.HttpServletRequest"
  };

  private static final ClassValue<ServletRequestReader> BY_CLASS = new ClassValue<ServletRequestReader>() {
    @Override
    protected ServletRequestReader computeValue(Class<?> type) {
      return forType(type);
    }
  };

  /** For classes that implement neither interface. */
  private static final ServletRequestReader NONE =
      new ServletRequestReader(null, null, null, null, null, null);

  private final MethodHandle method;
  private final MethodHandle requestUri;
  private final MethodHandle queryString;
  private final MethodHandle remoteAddr;
  private final MethodHandle header;
  private final MethodHandle userPrincipal;

  private ServletRequestReader(MethodHandle method, MethodHandle requestUri, MethodHandle queryString,
      MethodHandle remoteAddr, MethodHandle header, MethodHandle userPrincipal) {
    this.method = method;
    this.requestUri = requestUri;
    this.queryString = queryString;
    this.remoteAddr = remoteAddr;
    this.header = header;
    this.userPrincipal = userPrincipal;
  }

  static ServletRequestReader of(Object request) {
    return request == null ? NONE : BY_CLASS.get(request.getClass());
  }

  boolean canRead() {
    return method != null;
  }

  private static ServletRequestReader forType(Class<?> type) {
    for (String name : INTERFACES) {
      Class<?> api;
      try {
        api = Class.forName(name, false, type.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        continue;
      }
      if (!api.isAssignableFrom(type)) {
        continue;
      }
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodType string = MethodType.methodType(String.class);
        MethodType generic = MethodType.methodType(String.class, Object.class);
        return new ServletRequestReader(
            lookup.findVirtual(api, "getMethod", string).asType(generic),
            lookup.findVirtual(api, "getRequestURI", string).asType(generic),
            lookup.findVirtual(api, "getQueryString", string).asType(generic),
            lookup.findVirtual(api, "getRemoteAddr", string).asType(generic),
            lookup.findVirtual(api, "getHeader", MethodType.methodType(String.class, String.class))
                .asType(MethodType.methodType(String.class, Object.class, String.class)),
            lookup.findVirtual(api, "getUserPrincipal", MethodType.methodType(Principal.class))
                .asType(MethodType.methodType(Principal.class, Object.class)));
      } catch (ReflectiveOperationException e) {
        return NONE;
      }
    }
    return NONE;
  }

  @Override
  public String method(Object request) throws Throwable {
    return (String) method.invokeExact(request);
  }

  @Override
  public String uri(Object request) throws Throwable {
    return (String) requestUri.invokeExact(request);
  }

  @Override
  public String query(Object request) throws Throwable {
    return (String) queryString.invokeExact(request);
  }

  @Override
  public String remoteAddress(Object request) throws Throwable {
    return (String) remoteAddr.invokeExact(request);
  }

  @Override
  public String header(Object request, String name) throws Throwable {
    return (String) header.invokeExact(request, name);
  }

  @Override
  public Principal principal(Object request) throws Throwable {
    return (Principal) userPrincipal.invokeExact(request);
  }
}
