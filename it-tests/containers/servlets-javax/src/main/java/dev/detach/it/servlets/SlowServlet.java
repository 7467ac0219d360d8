package dev.detach.it.servlets;

import dev.detach.RequestScope;
import dev.detach.it.containers.Observations;
import dev.detach.it.containers.Protocol;
import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@link Protocol#SLOW}: runs until its scope is cancelled (a configured request deadline), bounded. */
public class SlowServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String key = TestServlets.key(req);
    Observations.dispatch(key, Protocol.PHASE_HANDLER);
    long end = System.nanoTime() + Protocol.SLOW_MAX_MS * 1_000_000L;
    try {
      while (!RequestScope.current().isCancelled() && System.nanoTime() < end) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Observations.dispatch(key, Protocol.PHASE_HANDLER_AGAIN);
    TestServlets.answer(resp, TestServlets.currentId());
  }
}
