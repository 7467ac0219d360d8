package dev.detach.bench.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code POST /orders?item=...}: what the demo's order endpoint does, without its database and logging:
 * reads the request, hands two pieces of work off (a pool, and {@code CompletableFuture.runAsync}) and answers
 * the order id at once.
 *
 * <p>The background work uses values read on the request thread, not the request object: without the
 * agent's request carriers a recycled request throws or answers with another request's data, and an
 * exception per request would swamp what is measured.
 */
final class OrderEndpoint extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private static final ExecutorService BACKGROUND = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "orders-background");
    t.setDaemon(true);
    return t;
  });
  /** Keeps the background work from being optimised away. */
  static final LongAdder WORK = new LongAdder();

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String item = request.getParameter("item");
    if (item == null) {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST, "the item parameter is missing");
      return;
    }
    String user = request.getHeader("X-User");
    String tenant = request.getHeader("X-Tenant");
    String orderId = UUID.randomUUID().toString();

    BACKGROUND.execute(() -> WORK.add((orderId + item + tenant).hashCode()));
    CompletableFuture.runAsync(() -> WORK.add((orderId + user).hashCode()));

    response.setContentType("text/plain");
    response.getWriter().println(orderId);
  }
}
