package dev.detach.it.servlets;

import dev.detach.RequestScope;
import dev.detach.it.containers.HandOff;
import dev.detach.it.containers.Protocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@link Protocol#WRITE_LATER}: holds {@code ?hold=MS}, answers "id=KEY", and hands the response object to a
 * detached task that, after the response, sets {@link Protocol#LEAK_HEADER} and writes {@link Protocol#LEAK_MARK}
 * KEY through the output stream and the writer. None of it may reach any response.
 *
 * <p>With the agent, each task first waits (bounded) until the request's scope is cancelled, that is until the
 * container completed the request: the client can have the response before the container has completed it (a
 * loaded machine deschedules the completing thread), and until then the response is still the request's own, which
 * the container itself guards.
 */
public class WriteLaterServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String key = TestServlets.key(req);
    TestServlets.sleepIfAsked(req, "hold");
    byte[] mark = (Protocol.LEAK_MARK + key).getBytes(StandardCharsets.UTF_8);
    RequestScope request = RequestScope.current();
    for (HandOff handOff : TestServlets.handOffs(req)) {
      handOff.start(key, report -> {
        awaitCompletion(request);
        report.call("setHeader", () -> resp.setHeader(Protocol.LEAK_HEADER, key));
        report.call("getOutputStream().write", () -> {
          ServletOutputStream out = resp.getOutputStream();
          out.write(mark);
          out.flush();
        });
        report.call("getWriter().write", () -> {
          PrintWriter w = resp.getWriter();
          w.write(Protocol.LEAK_MARK + key);
          w.flush();
          if (w.checkError()) {
            throw new IOException("PrintWriter.checkError() after the write");
          }
        });
      });
    }
    TestServlets.answer(resp, key);
  }

  /** Waits up to 10 s until {@code request}, the request's own scope, is cancelled; at once without the agent. */
  private static void awaitCompletion(RequestScope request) {
    if (request == null || request == RequestScope.ROOT) {
      return;
    }
    CountDownLatch completed = new CountDownLatch(1);
    request.addCancelListener(s -> completed.countDown());
    try {
      completed.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
