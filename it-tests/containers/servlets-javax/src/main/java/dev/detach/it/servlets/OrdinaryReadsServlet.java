package dev.detach.it.servlets;

import dev.detach.it.containers.HandOff;
import dev.detach.it.containers.Observations;
import dev.detach.it.containers.Protocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.servlet.AsyncContext;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * {@link Protocol#ORDINARY}{@code /CASE} and {@link Protocol#ORDINARY_SECURED}: ordinary request-thread reads,
 * answered as a {@link RequestDump} plus what the case adds. The test compares the answers with and
 * without the agent. Cases (the path info): plain (any other), form, json, session-create, session-read,
 * async-container, async-pool, handoff ({@code ?until=KEY}: a detached task, still pending when this request
 * completes, reads the request after request KEY was answered).
 */
public class OrdinaryReadsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "/plain" : req.getPathInfo();
    switch (path) {
      case "/form": {
        String dump = RequestDump.of(req); // getParameterMap reads the form body
        answer(resp, dump + "body after the parameters: " + req.getInputStream().read() + "\n");
        return;
      }
      case "/json": {
        StringBuilder body = new StringBuilder();
        BufferedReader reader = req.getReader();
        for (int c = reader.read(); c >= 0; c = reader.read()) {
          body.append((char) c);
        }
        answer(resp, RequestDump.of(req) + "body: " + body + "\n");
        return;
      }
      case "/session-create": {
        HttpSession s = req.getSession(true);
        s.setAttribute("visits", 1);
        answer(resp, RequestDump.of(req) + "created: new=" + s.isNew() + "\n");
        return;
      }
      case "/session-read": {
        HttpSession s = req.getSession(false);
        String seen = s == null ? "no session" : "new=" + s.isNew() + " visits=" + s.getAttribute("visits");
        answer(resp, RequestDump.of(req) + "read: " + seen + "\n");
        return;
      }
      case "/async-container":
        async(req, resp, task -> req.getAsyncContext().start(task));
        return;
      case "/async-pool":
        async(req, resp, Observations.BACKGROUND);
        return;
      case "/handoff": {
        String until = req.getParameter("until");
        HandOff.FIXED_POOL.start(until, report -> report.use("dump", () -> RequestDump.of(req)));
        answer(resp, RequestDump.of(req));
        return;
      }
      default:
        answer(resp, RequestDump.of(req));
    }
  }

  /**
   * Starts async and reads the request again on a thread of {@code where}, while the dispatch waits for that
   * read (after the dispatch returns, Jetty resets the path parts at a moment of its choosing: a read then is
   * a race, with or without the agent); then answers from there and completes.
   */
  private static void async(HttpServletRequest req, HttpServletResponse resp, Executor where) {
    String before = RequestDump.of(req);
    AsyncContext ctx = req.startAsync();
    CountDownLatch read = new CountDownLatch(1);
    where.execute(() -> {
      try {
        String text = before + "--- in the async task, the captured request:\n" + RequestDump.of(req)
            + "--- in the async task, AsyncContext.getRequest():\n" + RequestDump.of((HttpServletRequest) ctx.getRequest());
        read.countDown();
        answer((HttpServletResponse) ctx.getResponse(), text);
      } catch (IOException | RuntimeException e) {
        read.countDown();
        try {
          answer((HttpServletResponse) ctx.getResponse(), "failed: " + e);
        } catch (IOException ignored) {
          // the test sees the missing answer
        }
      } finally {
        ctx.complete();
      }
    });
    try {
      read.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void answer(HttpServletResponse resp, String text) throws IOException {
    resp.setStatus(200);
    resp.setContentType("text/plain");
    resp.setCharacterEncoding("UTF-8");
    resp.setHeader("X-Answered-By", "ordinary");
    PrintWriter w = resp.getWriter();
    w.write(text);
    w.flush();
  }
}
