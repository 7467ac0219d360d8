package dev.detach.agent.carrier.spring;

import dev.detach.agent.carrier.Carrier;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Spring's {@code RequestContextHolder} (Spring 5 on javax, Spring 6 on jakarta alike: the servlet types
 * are taken from Spring's own signatures).
 *
 * <p>A detached task outlives its request, whose {@code ServletRequestAttributes} Spring marks inactive
 * when the request completes (and then refuses request-scoped beans). So the task gets a fresh, active
 * {@code ServletRequestAttributes} over the same request and response objects, built for each run: the
 * request-scoped beans are request attributes, so they resolve to that request's instances (Detach keeps
 * the completed request's attributes readable). Detach never calls {@code requestCompleted()} on what it
 * builds, so no destruction callback runs a second time. A propagated task, and attributes that are not
 * servlet ones, get the handing-off thread's object itself.
 *
 * <p>Set and restored through the public API: a worker's previous attributes come back through {@code
 * setRequestAttributes(previous)}, which does not keep whether they had been set as inheritable.
 */
public final class RequestContextCarrier extends Carrier {

  private static final String SERVLET_REQUEST_ATTRIBUTES =
      "org.springframework.web.context.request.ServletRequestAttributes";

  private final MethodHandle getRequestAttributes;
  private final MethodHandle setRequestAttributes;
  private final MethodHandle resetRequestAttributes;
  /** Found from the first servlet attributes seen (no class is loaded for it); null until then. */
  private volatile ServletAttributes servletAttributes;

  public RequestContextCarrier(Class<?> holder) throws ReflectiveOperationException {
    super("Spring RequestContextHolder");
    Class<?> attributes = holder.getMethod("getRequestAttributes").getReturnType();
    getRequestAttributes = staticMethod(holder, "getRequestAttributes", attributes)
        .asType(MethodType.methodType(Object.class));
    setRequestAttributes = staticMethod(holder, "setRequestAttributes", void.class, attributes)
        .asType(MethodType.methodType(void.class, Object.class));
    resetRequestAttributes = staticMethod(holder, "resetRequestAttributes", void.class);
  }

  /** Spring's {@code ServletRequestAttributes} of this class loader: its request, response and constructor. */
  private static final class ServletAttributes {
    final Class<?> type;
    final MethodHandle getRequest;
    final MethodHandle getResponse;
    final MethodHandle create;

    ServletAttributes(Class<?> type) throws ReflectiveOperationException {
      this.type = type;
      Class<?> request = type.getMethod("getRequest").getReturnType();
      Class<?> response = type.getMethod("getResponse").getReturnType();
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      getRequest = lookup.findVirtual(type, "getRequest", MethodType.methodType(request))
          .asType(MethodType.methodType(Object.class, Object.class));
      getResponse = lookup.findVirtual(type, "getResponse", MethodType.methodType(response))
          .asType(MethodType.methodType(Object.class, Object.class));
      create = lookup.findConstructor(type, MethodType.methodType(void.class, request, response))
          .asType(MethodType.methodType(Object.class, Object.class, Object.class));
    }
  }

  /** A servlet request and response, from which each run of a detached task gets fresh attributes. */
  private static final class RequestObjects {
    final ServletAttributes servlet;
    final Object request;
    final Object response;

    RequestObjects(ServletAttributes servlet, Object request, Object response) {
      this.servlet = servlet;
      this.request = request;
      this.response = response;
    }

    Object freshAttributes() throws Throwable {
      return (Object) servlet.create.invokeExact(request, response);
    }
  }

  @Override
  protected Object capture(boolean detached) throws Throwable {
    Object attributes = (Object) getRequestAttributes.invokeExact();
    if (attributes == null || !detached) {
      return attributes;
    }
    ServletAttributes servlet = servletAttributesOf(attributes.getClass());
    if (servlet == null) {
      return attributes;
    }
    Object request = (Object) servlet.getRequest.invokeExact(attributes);
    Object response = (Object) servlet.getResponse.invokeExact(attributes);
    return new RequestObjects(servlet, request, response);
  }

  /** Spring's ServletRequestAttributes if {@code type} is it or a subclass of it, else null. */
  private ServletAttributes servletAttributesOf(Class<?> type) throws ReflectiveOperationException {
    ServletAttributes known = servletAttributes;
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (known != null && c == known.type) {
        return known;
      }
      if (c.getName().equals(SERVLET_REQUEST_ATTRIBUTES)) {
        ServletAttributes found = new ServletAttributes(c);
        servletAttributes = found;
        return found;
      }
    }
    return null;
  }

  @Override
  protected Object attach(Object captured) throws Throwable {
    Object previous = (Object) getRequestAttributes.invokeExact();
    Object attributes = captured instanceof RequestObjects ? ((RequestObjects) captured).freshAttributes() : captured;
    setRequestAttributes.invokeExact(attributes);
    return previous;
  }

  @Override
  protected void restore(Object replaced) throws Throwable {
    if (replaced == null) {
      resetRequestAttributes.invokeExact();
    } else {
      setRequestAttributes.invokeExact(replaced);
    }
  }
}
