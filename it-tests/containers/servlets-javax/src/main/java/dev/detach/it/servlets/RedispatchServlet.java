package dev.detach.it.servlets;

import dev.detach.it.containers.Observations;
import dev.detach.it.containers.Observations.Observation;
import dev.detach.it.containers.Protocol;
import java.io.IOException;
import javax.servlet.AsyncContext;
import javax.servlet.DispatcherType;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@link Protocol#REDISPATCH}: starts async, dispatches back from another thread; the re-dispatch answers. */
public class RedispatchServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String key = TestServlets.key(req);
    if (req.getDispatcherType() == DispatcherType.ASYNC) {
      Observations.dispatch(key, Protocol.PHASE_REDISPATCH);
      TestServlets.answer(resp, TestServlets.currentId());
      return;
    }
    Observation o = Observations.dispatch(key, Protocol.PHASE_HANDLER);
    AsyncContext ctx = req.startAsync();
    ctx.setTimeout(30_000);
    ctx.addListener(TestServlets.recorder(o));
    Observations.BACKGROUND.execute(ctx::dispatch);
    o.dispatchReturned();
  }
}
