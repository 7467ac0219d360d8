package dev.detach.it.servlets;

import dev.detach.it.containers.Observations;
import dev.detach.it.containers.Observations.Observation;
import dev.detach.it.containers.Protocol;
import javax.servlet.AsyncContext;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@link Protocol#TIMEOUT}: starts async with a short timeout and never completes; the container times it out. */
public class TimeoutServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    Observation o = Observations.dispatch(TestServlets.key(req), Protocol.PHASE_HANDLER);
    AsyncContext ctx = req.startAsync();
    ctx.addListener(TestServlets.recorder(o));
    ctx.setTimeout(Protocol.ASYNC_TIMEOUT_MS);
    o.dispatchReturned();
  }
}
