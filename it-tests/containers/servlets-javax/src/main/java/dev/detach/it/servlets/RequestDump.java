package dev.detach.it.servlets;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

/**
 * A canonical text of what ordinary reads of a request return: one "name: value" line per read, in a fixed
 * order. Leaves out what differs from run to run by nature (the client's port, session ids); the test
 * replaces the server's port.
 */
final class RequestDump {

  private final StringBuilder text = new StringBuilder();

  /** Reads everything a handler ordinarily reads (Servlet 3.1 API only: Jetty 9.4 has no more). */
  static String of(HttpServletRequest req) {
    RequestDump d = new RequestDump();
    d.line("method", req.getMethod());
    d.line("requestURI", req.getRequestURI());
    d.line("requestURL", req.getRequestURL());
    d.line("contextPath", req.getContextPath());
    d.line("servletPath", req.getServletPath());
    d.line("pathInfo", req.getPathInfo());
    d.line("queryString", req.getQueryString());
    d.line("protocol", req.getProtocol());
    d.line("scheme", req.getScheme());
    d.line("isSecure", req.isSecure());
    d.line("serverName", req.getServerName());
    d.line("serverPort", req.getServerPort());
    d.line("localPort", req.getLocalPort());
    d.line("localAddr", req.getLocalAddr());
    d.line("remoteAddr", req.getRemoteAddr());
    d.line("dispatcherType", req.getDispatcherType());
    d.line("isAsyncSupported", req.isAsyncSupported());
    d.line("isAsyncStarted", req.isAsyncStarted());
    for (String name : Collections.list(req.getHeaderNames())) {
      d.line("header " + name, Collections.list(req.getHeaders(name)));
    }
    d.line("getHeader(x-own) (any case)", req.getHeader("x-own"));
    d.line("getHeader(absent)", req.getHeader("X-Absent"));
    d.line("getIntHeader(X-Int)", req.getIntHeader("X-Int"));
    d.line("getIntHeader(absent)", req.getIntHeader("X-Absent"));
    d.line("getDateHeader(If-Modified-Since)", req.getDateHeader("If-Modified-Since"));
    d.line("parameterNames", Collections.list(req.getParameterNames()));
    Map<String, List<String>> params = new TreeMap<>();
    req.getParameterMap().forEach((k, v) -> params.put(k, List.of(v)));
    d.line("parameterMap", params);
    d.line("getParameter(x)", req.getParameter("x"));
    String[] xs = req.getParameterValues("x");
    d.line("getParameterValues(x)", xs == null ? null : List.of(xs));
    d.line("getParameter(absent)", req.getParameter("absent"));
    HttpSession current = req.getSession(false);
    List<String> attributeNames = Collections.list(req.getAttributeNames());
    Collections.sort(attributeNames);
    for (String name : attributeNames) {
      Object v = req.getAttribute(name);
      String text = v == null ? null : v.getClass().getName() + " " + v;
      if (text != null && current != null) {
        text = text.replace(current.getId(), "(session id)"); // Jetty keeps a new session's id as an attribute
      }
      d.line("attribute " + name, text);
    }
    Cookie[] cookies = req.getCookies();
    List<String> cookieText = new ArrayList<>();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (!c.getName().equalsIgnoreCase("JSESSIONID")) {
          cookieText.add(c.getName() + "=" + c.getValue());
        } else {
          cookieText.add(c.getName() + "=(session id)");
        }
      }
    }
    d.line("cookies", cookies == null ? null : cookieText);
    d.line("locale", req.getLocale());
    d.line("locales", Collections.list(req.getLocales()));
    d.line("characterEncoding", req.getCharacterEncoding());
    d.line("contentType", req.getContentType());
    d.line("contentLength", req.getContentLength());
    d.line("contentLengthLong", req.getContentLengthLong());
    d.line("authType", req.getAuthType());
    d.line("remoteUser", req.getRemoteUser());
    Principal p = req.getUserPrincipal();
    d.line("userPrincipal", p == null ? null : p.getName());
    d.line("isUserInRole(member)", req.isUserInRole("member"));
    d.line("isUserInRole(admin)", req.isUserInRole("admin"));
    d.line("requestedSessionId", req.getRequestedSessionId() == null ? null : "(present)");
    d.line("isRequestedSessionIdValid", req.isRequestedSessionIdValid());
    d.line("isRequestedSessionIdFromCookie", req.isRequestedSessionIdFromCookie());
    d.line("isRequestedSessionIdFromURL", req.isRequestedSessionIdFromURL());
    d.line("getSession(false)", current == null ? null : "(a session) new=" + current.isNew()
        + " visits=" + current.getAttribute("visits"));
    return d.toString();
  }

  void line(String name, Object value) {
    text.append(name).append(": ").append(value).append('\n');
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
