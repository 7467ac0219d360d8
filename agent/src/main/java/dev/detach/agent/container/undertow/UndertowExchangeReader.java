package dev.detach.agent.container.undertow;

import dev.detach.agent.container.ContainerFit;
import dev.detach.agent.container.ReaderLookup;
import dev.detach.agent.container.RequestReader;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.security.Principal;

/** Reads an Undertow {@code HttpServerExchange}: the request of Undertow's core handlers and its servlets alike. */
final class UndertowExchangeReader implements RequestReader {

  private static final ClassValue<UndertowExchangeReader> BY_CLASS = new ClassValue<UndertowExchangeReader>() {
    @Override
    protected UndertowExchangeReader computeValue(Class<?> type) {
      ReaderLookup look = new ReaderLookup();
      Class<?> headerMap = look.load(type, "io.undertow.util.HeaderMap");
      Class<?> security = look.load(type, "io.undertow.security.api.SecurityContext");
      Class<?> account = look.load(type, "io.undertow.security.idm.Account");
      Class<?> connection = look.load(type, "io.undertow.server.ServerConnection");
      UndertowExchangeReader r = new UndertowExchangeReader(
          look.virtual(type, "getRequestMethod"),
          look.virtual(type, "getRequestPath"),
          look.virtual(type, "getQueryString"),
          look.virtual(type, "getSourceAddress"),
          look.virtual(type, "getRequestHeaders"),
          look.virtual(headerMap, "getFirst", String.class),
          look.virtual(type, "getSecurityContext"),
          look.virtual(security, "getAuthenticatedAccount"),
          look.virtual(account, "getPrincipal"),
          look.virtual(type, "getConnection"),
          look.virtual(connection, "isOpen"));
      return look.fits(ContainerFit.UNDERTOW, type) ? r : null; // every handle found: the reads need no null checks
    }
  };

  private final MethodHandle getRequestMethod;
  private final MethodHandle getRequestPath;
  private final MethodHandle getQueryString;
  private final MethodHandle getSourceAddress;
  private final MethodHandle getRequestHeaders;
  private final MethodHandle headerGetFirst;
  private final MethodHandle getSecurityContext;
  private final MethodHandle getAuthenticatedAccount;
  private final MethodHandle getPrincipal;
  private final MethodHandle getConnection;
  private final MethodHandle connectionIsOpen;

  private UndertowExchangeReader(MethodHandle getRequestMethod, MethodHandle getRequestPath,
      MethodHandle getQueryString, MethodHandle getSourceAddress, MethodHandle getRequestHeaders,
      MethodHandle headerGetFirst, MethodHandle getSecurityContext, MethodHandle getAuthenticatedAccount,
      MethodHandle getPrincipal, MethodHandle getConnection, MethodHandle connectionIsOpen) {
    this.getRequestMethod = getRequestMethod;
    this.getRequestPath = getRequestPath;
    this.getQueryString = getQueryString;
    this.getSourceAddress = getSourceAddress;
    this.getRequestHeaders = getRequestHeaders;
    this.headerGetFirst = headerGetFirst;
    this.getSecurityContext = getSecurityContext;
    this.getAuthenticatedAccount = getAuthenticatedAccount;
    this.getPrincipal = getPrincipal;
    this.getConnection = getConnection;
    this.connectionIsOpen = connectionIsOpen;
  }

  /**
   * Whether the client's connection is gone as the exchange ends. (Undertow reports the response as
   * complete even for a reset client; the closed connection is what tells.)
   */
  boolean connectionClosed(Object exchange) throws Throwable {
    Object connection = getConnection.invoke(exchange);
    return connection != null && !(Boolean) connectionIsOpen.invoke(connection);
  }

  static UndertowExchangeReader of(Object exchange) {
    return exchange == null ? null : BY_CLASS.get(exchange.getClass());
  }

  @Override
  public String method(Object exchange) throws Throwable {
    Object m = getRequestMethod.invoke(exchange);
    return m == null ? null : m.toString();
  }

  @Override
  public String uri(Object exchange) throws Throwable {
    return (String) getRequestPath.invoke(exchange);
  }

  @Override
  public String query(Object exchange) throws Throwable {
    String q = (String) getQueryString.invoke(exchange);
    return q == null || q.isEmpty() ? null : q;
  }

  @Override
  public String remoteAddress(Object exchange) throws Throwable {
    Object a = getSourceAddress.invoke(exchange);
    if (a instanceof InetSocketAddress) {
      InetSocketAddress address = (InetSocketAddress) a;
      return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }
    return null;
  }

  @Override
  public String header(Object exchange, String name) throws Throwable {
    return (String) headerGetFirst.invoke(getRequestHeaders.invoke(exchange), name);
  }

  @Override
  public Principal principal(Object exchange) throws Throwable {
    Object security = getSecurityContext.invoke(exchange);
    Object account = security == null ? null : getAuthenticatedAccount.invoke(security);
    return account == null ? null : (Principal) getPrincipal.invoke(account);
  }
}
