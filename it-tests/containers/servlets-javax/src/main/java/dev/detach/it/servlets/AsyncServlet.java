package dev.detach.it.servlets;

import dev.detach.it.containers.Observations;
import dev.detach.it.containers.Observations.Observation;
import dev.detach.it.containers.Protocol;
import java.io.IOException;
import javax.servlet.AsyncContext;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@link Protocol#ASYNC}: completes from another thread once the test releases the request. */
public class AsyncServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    Observation o = Observations.dispatch(TestServlets.key(req), Protocol.PHASE_HANDLER);
    AsyncContext ctx = req.startAsync();
    ctx.setTimeout(30_000);
    ctx.addListener(TestServlets.recorder(o));
    Observations.BACKGROUND.execute(() -> {
      try {
        if (!o.awaitRelease()) {
          o.event("never released");
        }
        o.beforeComplete();
        TestServlets.answer((HttpServletResponse) ctx.getResponse(), o.seenId());
      } catch (IOException | RuntimeException e) {
        o.event("answer failed: " + e);
      } finally {
        ctx.complete();
      }
    });
    o.dispatchReturned();
  }
}
