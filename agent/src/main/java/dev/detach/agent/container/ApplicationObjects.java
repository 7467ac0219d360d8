package dev.detach.agent.container;

import dev.detach.agent.runtime.RequestOrigin;
import java.lang.reflect.Field;

/**
 * Finds the objects an application holds for a request, which are not always the object the container
 * dispatches: Tomcat hands out facades of its connector request and response, Jetty 12's servlet
 * flavours their own request and response classes (see JettyRequests). A detached task's reads of any
 * of them are answered from the request's copy once the request completed.
 */
final class ApplicationObjects {

  private static final Getter GET_REQUEST = new Getter("getRequest");
  private static final Getter GET_RESPONSE = new Getter("getResponse");

  private static final ClassValue<Field> FACADE = new ClassValue<Field>() {
    @Override
    protected Field computeValue(Class<?> type) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        try {
          Field f = c.getDeclaredField("facade");
          f.setAccessible(true);
          return f;
        } catch (NoSuchFieldException e) {
          // look further up
        } catch (RuntimeException e) {
          return null; // a named module that does not open the package: the public getters still work
        }
      }
      return null;
    }
  };

  private ApplicationObjects() {}

  /**
   * At completion, with the servlet request the container dispatched ({@code request}, already one of
   * the origin's objects): Tomcat's request and response facades, Jetty 9.4–11's response.
   */
  static void addTwins(RequestOrigin origin, Object request) throws Throwable {
    if (!origin.covers(request)) {
      return; // not a servlet request (Undertow's exchange, a Jetty 12 core request)
    }
    // Tomcat: getRequest() is what the application got (the facade, or a valve's wrapper around it).
    origin.addObject(GET_REQUEST.get(request));
    origin.addObject(facade(request));
    Object response = GET_RESPONSE.get(request);
    if (response != null) {
      origin.addObject(response);
      origin.addObject(GET_RESPONSE.get(response));
      origin.addObject(facade(response));
    }
  }

  private static Object facade(Object containerObject) {
    try {
      Field f = FACADE.get(containerObject.getClass());
      return f == null ? null : f.get(containerObject);
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }
}
