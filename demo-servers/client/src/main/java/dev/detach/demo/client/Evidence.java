package dev.detach.demo.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the background work left, as the server's {@code GET /demo/evidence} tells it (format: the server's
 * EvidenceServlet): the line each job ended its log with, and the audit rows.
 */
public record Evidence(List<Outcome> outcomes, List<AuditRow> auditRows) {

  /** The log line a background job ended with: whether it failed, the MDC's request id, the error. */
  public record Outcome(String orderId, String job, boolean failed, String requestId, String error) {}

  /** An audit row. */
  public record AuditRow(String orderId, String action, String user, String tenant, String item, String requestId) {}

  /**
   * Reads the evidence until {@code expectedOutcomes} jobs have ended or {@code wait} has passed (jobs that have
   * not ended by then count as not finished).
   */
  static Evidence await(HttpClient http, URI base, int expectedOutcomes, Duration wait)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      Evidence evidence = fetch(http, base);
      if (evidence.outcomes.size() >= expectedOutcomes || System.nanoTime() > deadline) {
        return evidence;
      }
      Thread.sleep(200);
    }
  }

  private static Evidence fetch(HttpClient http, URI base) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(base.resolve("demo/evidence")).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET /demo/evidence answered " + response.statusCode() + ": " + response.body());
    }
    List<Outcome> outcomes = new ArrayList<>();
    List<AuditRow> rows = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      for (int i = 0; i < f.length; i++) {
        f[i] = f[i].equals("~") ? null : URLDecoder.decode(f[i], StandardCharsets.UTF_8);
      }
      switch (f[0]) {
        case "outcome" -> outcomes.add(new Outcome(f[1], f[2], "failed".equals(f[3]), f[4], f[5]));
        case "audit" -> rows.add(new AuditRow(f[1], f[2], f[3], f[4], f[5], f[6]));
        default -> throw new IOException("unexpected evidence line: " + line);
      }
    }
    return new Evidence(outcomes, rows);
  }
}
