package dev.detach.demo.shop;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /orders?item=...}: takes the order, answers its id at once, and leaves the rest to background
 * work that still uses the request: the way real code hands work to an executor and to {@code
 * CompletableFuture}.
 */
public final class OrderServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private static final Logger log = LoggerFactory.getLogger(OrderServlet.class);

  private final transient Executor backgroundPool;
  private final transient AuditTrail auditTrail;
  private final transient Confirmations confirmations;

  OrderServlet(Executor backgroundPool, AuditTrail auditTrail, Confirmations confirmations) {
    this.backgroundPool = backgroundPool;
    this.auditTrail = auditTrail;
    this.confirmations = confirmations;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String item = request.getParameter("item");
    if (item == null) {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST, "the item parameter is missing");
      return;
    }
    String orderId = UUID.randomUUID().toString();
    log.info("order {}: {} for {}", orderId, item, Users.of(request));

    // The customer does not wait for these: reserve the stock and audit on the shop's pool, confirm through
    // CompletableFuture. Both keep using the request after the response is sent.
    backgroundPool.execute(BackgroundJobs.job(orderId, "reservation", () -> {
      Services.reserveStock(item);
      auditTrail.record(orderId, "reservation", request);
    }));
    CompletableFuture.runAsync(BackgroundJobs.job(orderId, "confirmation",
        () -> confirmations.send(orderId, request)));

    response.setContentType("text/plain");
    response.getWriter().println(orderId);
  }
}
