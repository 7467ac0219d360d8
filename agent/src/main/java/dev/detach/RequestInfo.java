package dev.detach;

import java.security.Principal;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * What Detach records about the HTTP request a scope belongs to: its id, method, URI, remote address,
 * principal and the headers the configuration names ({@code request.headers}). Available in the request's
 * scope and in every scope detached from it, so background work can log and audit the request it came
 * from after the container has recycled the request object.
 *
 * <pre>{@code
 * RequestInfo request = RequestInfo.current();   // null outside a request's work
 * log.info("audit {} {} for {}", request.method(), request.uri(), request.id());
 * }</pre>
 */
public final class RequestInfo {

  /** The key under which a request's scope holds its {@code RequestInfo}. */
  public static final RequestScope.Key<RequestInfo> KEY = RequestScope.key("detach.request");

  /** Reads the principal from the live request while it runs; null once it completed. */
  public interface PrincipalSource {
    /** The principal now, or null when there is none yet. */
    Principal principal();
  }

  /** Generated ids: a prefix from the JVM's start, then a sequence; made when first read. */
  private static final String GENERATED_PREFIX = Long.toString(System.currentTimeMillis(), 36) + "-";
  private static final AtomicLong GENERATED = new AtomicLong();
  private static final AtomicReferenceFieldUpdater<RequestInfo, String> ID =
      AtomicReferenceFieldUpdater.newUpdater(RequestInfo.class, String.class, "id");

  /** Null until first read when the request named none: most requests never read their id. */
  private volatile String id;
  private final String method;
  private final String uri;
  private final String query;
  private final String remoteAddress;
  private final Map<String, String> headers;
  private volatile PrincipalSource live;
  private volatile Principal recorded;

  /** Made by the container integrations (a null {@code id}: one is generated); applications read it. */
  public RequestInfo(String id, String method, String uri, String query, String remoteAddress,
      Map<String, String> headers, PrincipalSource live) {
    this.id = id;
    this.method = method;
    this.uri = uri;
    this.query = query;
    this.remoteAddress = remoteAddress;
    this.headers = headers == null ? Map.of() : Collections.unmodifiableMap(headers);
    this.live = live;
  }

  /** The request of the current scope, or null outside a request's work. */
  public static RequestInfo current() {
    return RequestScope.current().get(KEY);
  }

  /**
   * The request id: from the configured header ({@code request.id.headers}), else generated (once, the
   * first time it is read; every later read, on any thread, returns the same).
   */
  public String id() {
    String current = id;
    if (current == null) {
      String made = GENERATED_PREFIX + Long.toString(GENERATED.incrementAndGet(), 36);
      current = ID.compareAndSet(this, null, made) ? made : id;
    }
    return current;
  }

  public String method() {
    return method;
  }

  /** The request URI, without the query string. */
  public String uri() {
    return uri;
  }

  /** The query string, or null. */
  public String query() {
    return query;
  }

  public String remoteAddress() {
    return remoteAddress;
  }

  /** The value of a header named in {@code request.headers} (any case), or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  /** The headers named in {@code request.headers} that the request had, by lower-case name. */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The authenticated principal, once known: while the request runs, what the container knows now;
   * after it completed, what it knew at completion.
   */
  public Principal principal() {
    PrincipalSource source = live;
    if (source != null) {
      Principal p = source.principal();
      // A source cleared meanwhile means the request completed and its object may serve another
      // request already: only the principal recorded at completion is this request's.
      if (live != null) {
        return p;
      }
    }
    return recorded;
  }

  /**
   * Called by the container integration when the request completes, before the container clears
   * the request object: keeps the principal and lets go of the live request.
   */
  public void completed(Principal finalPrincipal) {
    recorded = finalPrincipal;
    live = null;
  }

  @Override
  public String toString() {
    return "RequestInfo{" + id() + ' ' + method + ' ' + uri + '}';
  }
}
