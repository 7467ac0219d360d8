package dev.detach.it.servlets;

import dev.detach.it.containers.HandOff;
import dev.detach.it.containers.Protocol;
import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@link Protocol#UNSERVABLE_LATER}: answers a POST without reading its body; a detached task then tries, after
 * the response, what a completed request cannot serve (the body, a new session, async), and two reads that it
 * can (no session; a header).
 */
public class UnservableLaterServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String key = TestServlets.key(req);
    HandOff.FIXED_POOL.start(key, report -> {
      report.use("getInputStream().read()", () -> req.getInputStream().read());
      report.use("getReader().read()", () -> req.getReader().read());
      report.use("getSession(true)", () -> req.getSession(true) == null ? null : "a session");
      report.use("startAsync()", () -> req.startAsync() == null ? null : "started");
      report.use("getSession(false)", () -> req.getSession(false) == null ? null : "a session");
      report.use("header", () -> req.getHeader(Protocol.OWN_HEADER));
    });
    TestServlets.answer(resp, key);
  }
}
