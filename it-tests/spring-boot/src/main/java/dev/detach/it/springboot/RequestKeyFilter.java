package dev.detach.it.springboot;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Puts the request's key (X-Request-Id) into the MDC and a request attribute, as a tracing filter does. */
@Component
public class RequestKeyFilter extends OncePerRequestFilter {
  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String key = request.getHeader("X-Request-Id");
    request.setAttribute("shop.key", key);
    MDC.put("requestKey", key);
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove("requestKey");
    }
  }
}
