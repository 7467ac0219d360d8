package dev.detach.demo.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Orders sent {@code concurrency} at a time over kept-alive connections, as a busy shop gets them. Order
 * {@code i} comes from {@code user-i} of {@code tenant-i}, buys {@code item-i} and has request id {@code
 * req-i}: every value belongs to exactly one request, so a value read in the background tells whose it is.
 */
final class Burst {

  /** One order as sent, and the order id the shop answered (null, with the reason, if it did not). */
  record SentOrder(int index, String requestId, String user, String tenant, String item, String orderId,
      String failure) {

    static SentOrder numbered(int index) {
      return new SentOrder(index, "req-" + index, "user-" + index, "tenant-" + index, "item-" + index, null, null);
    }

    SentOrder answered(String orderId) {
      return new SentOrder(index, requestId, user, tenant, item, orderId, null);
    }

    SentOrder failed(String failure) {
      return new SentOrder(index, requestId, user, tenant, item, null, failure);
    }
  }

  private Burst() {}

  static List<SentOrder> send(HttpClient http, URI base, int requests, int concurrency)
      throws InterruptedException {
    ExecutorService senders = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<SentOrder>> answers = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        SentOrder order = SentOrder.numbered(i);
        answers.add(senders.submit(() -> send(http, base, order)));
      }
      List<SentOrder> orders = new ArrayList<>();
      for (Future<SentOrder> answer : answers) {
        try {
          orders.add(answer.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("sending an order failed unexpectedly", e.getCause());
        }
      }
      return orders;
    } finally {
      senders.shutdownNow();
    }
  }

  private static SentOrder send(HttpClient http, URI base, SentOrder order) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("orders?item=" + order.item()))
        .timeout(Duration.ofSeconds(30))
        .header("X-Request-Id", order.requestId())
        .header("X-User", order.user())
        .header("X-Tenant", order.tenant())
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return order.failed("HTTP " + response.statusCode());
      }
      return order.answered(response.body().trim());
    } catch (IOException e) {
      return order.failed(e.toString());
    }
  }
}
