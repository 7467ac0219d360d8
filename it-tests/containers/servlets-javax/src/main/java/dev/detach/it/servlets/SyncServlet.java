package dev.detach.it.servlets;

import dev.detach.it.containers.Observations;
import dev.detach.it.containers.Protocol;
import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@link Protocol#SYNC}. */
public class SyncServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String key = TestServlets.key(req);
    Observations.dispatch(key, Protocol.PHASE_HANDLER);
    if (TestServlets.sleepIfAsked(req, "sleep")) {
      Observations.dispatch(key, Protocol.PHASE_HANDLER_AGAIN);
    }
    TestServlets.answer(resp, TestServlets.currentId());
  }
}
