package dev.detach.it.servlets;

import dev.detach.it.containers.Observations;
import dev.detach.it.containers.Observations.Observation;
import dev.detach.it.containers.Protocol;
import java.io.IOException;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@link Protocol#STREAM}: writes and flushes chunks on the request thread until the client is gone. */
public class StreamServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Observation o = Observations.dispatch(TestServlets.key(req), Protocol.PHASE_HANDLER);
    resp.setContentType("application/octet-stream");
    ServletOutputStream out = resp.getOutputStream();
    Observations.streamUntilWriteFails(o, chunk -> {
      out.write(chunk);
      out.flush();
    });
  }
}
