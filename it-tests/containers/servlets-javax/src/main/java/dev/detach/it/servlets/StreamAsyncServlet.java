package dev.detach.it.servlets;

import dev.detach.it.containers.Observations;
import dev.detach.it.containers.Observations.Observation;
import dev.detach.it.containers.Protocol;
import java.io.IOException;
import javax.servlet.AsyncContext;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@link Protocol#STREAM_ASYNC}: after startAsync, another thread streams until the client is gone, then completes. */
public class StreamAsyncServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    Observation o = Observations.dispatch(TestServlets.key(req), Protocol.PHASE_HANDLER);
    AsyncContext ctx = req.startAsync();
    ctx.setTimeout(30_000);
    ctx.addListener(TestServlets.recorder(o));
    resp.setContentType("application/octet-stream");
    Observations.BACKGROUND.execute(() -> {
      try {
        ServletOutputStream out = ctx.getResponse().getOutputStream();
        Observations.streamUntilWriteFails(o, chunk -> {
          out.write(chunk);
          out.flush();
        });
      } catch (IOException | RuntimeException e) {
        o.writeFailed(e);
      } finally {
        try {
          ctx.complete();
        } catch (RuntimeException e) {
          o.event("complete() failed: " + e);
        }
      }
    });
    o.dispatchReturned();
  }
}
