package dev.detach.agent.container.jetty;

import dev.detach.agent.container.PublicMethods;
import dev.detach.agent.runtime.AgentLog;
import dev.detach.agent.runtime.ScopeStorage;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * Internal: the cookies a detached task reads through Jetty 12's static {@code Request.getCookies(request)}.
 * Not an API.
 *
 * <p>Jetty parses cookies into a cache that belongs to the connection, and keeps that very list as the
 * request's cookies: once the request completed, the list holds whatever a later request on the connection
 * sent, and a first read throws {@code IllegalStateException: channel already completed}. A core
 * {@code Request} keeps its own headers after completion, so a detached task gets its cookies parsed
 * afresh from those headers, with the connection's cookie compliance, into a list nobody else fills.
 * Every other thread calls Jetty as it is.
 */
public final class JettyCoreCookies {

  private static final ClassValue<Parsing> BY_CLASS = new ClassValue<Parsing>() {
    @Override
    protected Parsing computeValue(Class<?> type) {
      return Parsing.resolve(type);
    }
  };

  private JettyCoreCookies() {}

  /**
   * Entry of {@code Request.getCookies(request)}: the cookies to answer with on a detached task's thread
   * (Jetty's method is then skipped), else null.
   */
  public static List<?> forDetachedTask(Object request) {
    if (request == null || ScopeStorage.detachedFrom() == null) {
      return null;
    }
    try {
      Parsing p = BY_CLASS.get(request.getClass());
      return p == null ? null : p.cookies(request);
    } catch (Throwable t) {
      AgentLog.fault("Jetty core cookies", t);
      return null;
    }
  }

  /** The handles one request class needs; null when Jetty's classes are not as expected. */
  private static final class Parsing {
    private final MethodHandle getHeaders;
    private final MethodHandle getConnectionMetaData;
    private final MethodHandle getHttpConfiguration;
    private final MethodHandle getRequestCookieCompliance;
    /** {@code CookieCompliance.RFC6265}, Jetty's default. */
    private final Object defaultCompliance;
    /** {@code new org.eclipse.jetty.http.CookieCache(CookieCompliance)}, as {@code (Object) -> Object}. */
    private final MethodHandle newCache;
    private final MethodHandle cacheGetCookies;

    private Parsing(MethodHandle getHeaders, MethodHandle getConnectionMetaData, MethodHandle getHttpConfiguration,
        MethodHandle getRequestCookieCompliance, Object defaultCompliance, MethodHandle newCache,
        MethodHandle cacheGetCookies) {
      this.getHeaders = getHeaders;
      this.getConnectionMetaData = getConnectionMetaData;
      this.getHttpConfiguration = getHttpConfiguration;
      this.getRequestCookieCompliance = getRequestCookieCompliance;
      this.defaultCompliance = defaultCompliance;
      this.newCache = newCache;
      this.cacheGetCookies = cacheGetCookies;
    }

    static Parsing resolve(Class<?> type) {
      Class<?> api = PublicMethods.load(type, "org.eclipse.jetty.server.Request");
      Class<?> fields = PublicMethods.load(type, "org.eclipse.jetty.http.HttpFields");
      Class<?> compliance = PublicMethods.load(type, "org.eclipse.jetty.http.CookieCompliance");
      Class<?> cache = PublicMethods.load(type, "org.eclipse.jetty.http.CookieCache");
      Class<?> metaData = PublicMethods.load(type, "org.eclipse.jetty.server.ConnectionMetaData");
      Class<?> configuration = PublicMethods.load(type, "org.eclipse.jetty.server.HttpConfiguration");
      if (api == null || !api.isAssignableFrom(type) || fields == null || compliance == null || cache == null
          || metaData == null || configuration == null) {
        return null;
      }
      MethodHandle newCache;
      Object defaultCompliance;
      try {
        newCache = MethodHandles.publicLookup()
            .findConstructor(cache, MethodType.methodType(void.class, compliance))
            .asType(MethodType.methodType(Object.class, Object.class));
        defaultCompliance = compliance.getField("RFC6265").get(null);
      } catch (ReflectiveOperationException e) {
        return null;
      }
      Parsing p = new Parsing(PublicMethods.virtual(api, "getHeaders"),
          PublicMethods.virtual(api, "getConnectionMetaData"),
          PublicMethods.virtual(metaData, "getHttpConfiguration"),
          PublicMethods.virtual(configuration, "getRequestCookieCompliance"),
          defaultCompliance,
          newCache,
          PublicMethods.virtual(cache, "getCookies", fields));
      return p.getHeaders != null && p.cacheGetCookies != null ? p : null;
    }

    List<?> cookies(Object request) throws Throwable {
      Object headers = getHeaders.invoke(request);
      Object cache = newCache.invoke(compliance(request));
      return List.copyOf((List<?>) cacheGetCookies.invoke(cache, headers));
    }

    /** The connection's cookie compliance, or Jetty's default (RFC 6265) when it cannot be read. */
    private Object compliance(Object request) {
      Object c = null;
      try {
        if (getConnectionMetaData != null && getHttpConfiguration != null && getRequestCookieCompliance != null) {
          Object meta = getConnectionMetaData.invoke(request);
          Object config = meta == null ? null : getHttpConfiguration.invoke(meta);
          c = config == null ? null : getRequestCookieCompliance.invoke(config);
        }
      } catch (Throwable t) {
        // a completed request that no longer tells: the default
      }
      return c != null ? c : defaultCompliance;
    }
  }
}
