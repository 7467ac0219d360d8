package dev.detach.it.servlets;

import dev.detach.it.containers.HandOff;
import dev.detach.it.containers.Protocol;
import dev.detach.it.containers.TaskReport;
import java.io.IOException;
import java.security.Principal;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@link Protocol#READ_LATER}: sets the request's own attribute, hands the request to detached tasks and
 * answers; each task reads the request's own values through the request object it captured, after the
 * response.
 */
public class ReadLaterServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String key = TestServlets.key(req);
    req.setAttribute(Protocol.OWN_ATTRIBUTE, key);
    for (HandOff handOff : TestServlets.handOffs(req)) {
      handOff.start(key, report -> readOwnValues(req, report));
    }
    TestServlets.answer(resp, key);
  }

  static void readOwnValues(HttpServletRequest req, TaskReport report) {
    report.use("header", () -> req.getHeader(Protocol.OWN_HEADER));
    report.use("parameter", () -> req.getParameter(Protocol.OWN_PARAM));
    report.use("attribute", () -> req.getAttribute(Protocol.OWN_ATTRIBUTE));
    report.use("cookie", () -> cookie(req, Protocol.OWN_COOKIE));
    report.use("principal", () -> {
      Principal p = req.getUserPrincipal();
      return p == null ? null : p.getName();
    });
  }

  private static String cookie(HttpServletRequest req, String name) {
    Cookie[] cookies = req.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie c : cookies) {
      if (c.getName().equals(name)) {
        return c.getValue();
      }
    }
    return null;
  }
}
