package dev.detach.bench.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code POST /bench/hold?op=...}: background tasks that hold their request after it completed, the case
 * where Detach keeps a copy of the request. For the retained-memory figure (driver {@code HeldRequests}).
 *
 * <ul>
 *   <li>{@code op=block}: the hold pool's one worker waits, so that tasks queue behind it;
 *   <li>{@code op=task} (default): hands a task that holds the request to the hold pool; it waits in the queue;
 *   <li>{@code op=release}: lets the worker go; the queued tasks run (each reads a header of its request);
 *   <li>{@code op=pending}: answers how many held tasks have not run yet.
 * </ul>
 */
final class HoldEndpoint extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private static final ExecutorService HOLD_POOL = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "bench-hold");
    t.setDaemon(true);
    return t;
  });
  private static final AtomicReference<CountDownLatch> GATE = new AtomicReference<>();
  private static final AtomicInteger PENDING = new AtomicInteger();
  /** What the held tasks read, so that the reads are not optimised away. */
  static final AtomicInteger SEEN = new AtomicInteger();

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String op = request.getParameter("op");
    String answer;
    switch (op == null ? "task" : op) {
      case "block":
        CountDownLatch gate = new CountDownLatch(1);
        if (GATE.compareAndSet(null, gate)) {
          HOLD_POOL.execute(() -> await(gate));
        }
        answer = "blocked";
        break;
      case "release":
        CountDownLatch open = GATE.getAndSet(null);
        if (open != null) {
          open.countDown();
        }
        answer = "released";
        break;
      case "pending":
        answer = Integer.toString(PENDING.get());
        break;
      case "task":
        PENDING.incrementAndGet();
        HOLD_POOL.execute(() -> readLater(request));
        answer = "held";
        break;
      default:
        response.sendError(HttpServletResponse.SC_BAD_REQUEST, "op: block, task, release or pending");
        return;
    }
    response.setContentType("text/plain");
    response.getWriter().println(answer);
  }

  private static void readLater(HttpServletRequest request) {
    try {
      String value = request.getHeader("X-Bench-0");
      SEEN.addAndGet(value == null ? 0 : value.length());
    } catch (RuntimeException recycled) {
      // Without the agent, Tomcat says the request was recycled: what the request copy is for.
    } finally {
      PENDING.decrementAndGet();
    }
  }

  private static void await(CountDownLatch gate) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
