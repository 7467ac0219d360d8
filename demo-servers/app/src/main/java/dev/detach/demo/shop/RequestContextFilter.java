package dev.detach.demo.shop;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * What most applications have in front of their servlets: the request id goes into the logging MDC (every log
 * line of the request carries it), and the tenant is resolved once and kept as a request attribute.
 */
public final class RequestContextFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  /** The MDC key of the request id; the log pattern prints it. */
  public static final String REQUEST_ID = "requestId";

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String requestId = request.getHeader("X-Request-Id");
    MDC.put(REQUEST_ID, requestId != null ? requestId : UUID.randomUUID().toString());
    request.setAttribute(Tenants.ATTRIBUTE, Tenants.resolve(request.getHeader("X-Tenant")));
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove(REQUEST_ID);
    }
  }
}
