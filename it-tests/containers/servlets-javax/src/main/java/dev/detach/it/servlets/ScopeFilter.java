package dev.detach.it.servlets;

import dev.detach.it.containers.Observations;
import dev.detach.it.containers.Protocol;
import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;

/** Records the scope before and after the chain: the whole dispatch, filters included, has the request's scope. */
public class ScopeFilter implements Filter {

  @Override
  public void init(FilterConfig filterConfig) {}

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String key = TestServlets.key((HttpServletRequest) request);
    Observations.dispatch(key, Protocol.PHASE_FILTER);
    chain.doFilter(request, response);
    Observations.dispatch(key, Protocol.PHASE_FILTER_AFTER);
  }

  @Override
  public void destroy() {}
}
