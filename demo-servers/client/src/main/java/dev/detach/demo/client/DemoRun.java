package dev.detach.demo.client;

import dev.detach.demo.client.Burst.SentOrder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One demo server, started without or with the agent, given a burst of orders, and judged. */
public final class DemoRun {

  /**
   * How to run.
   *
   * @param java the {@code java} launcher the servers run with
   * @param agentJar {@code detach-agent.jar}, for the runs with the agent
   * @param requests orders per run
   * @param concurrency orders in flight at once
   * @param databaseArgs the server's database options ({@code --jdbc-url ...}); empty for H2 in memory
   * @param logs where the servers' logs go
   * @param backgroundWait how long to wait for the background work after the last answer
   */
  public record Settings(Path java, Path agentJar, int requests, int concurrency, List<String> databaseArgs,
      Path logs, Duration backgroundWait) {}

  /**
   * What one run gave.
   *
   * @param server the server's short name (from its jar: {@code tomcat-11})
   * @param container the container and its version, as the server printed them; the short name if it did not
   *     start
   * @param withAgent whether the agent was attached
   * @param instance the id the server's audit rows carry
   * @param verdict what the background work did; null if the run went wrong (see failure)
   * @param failure what went wrong running the server (it did not start, or stopped answering); null if nothing
   * @param detachLines what the agent printed
   * @param backgroundLine a log line a background job ended with, as the server logged it; null if none
   * @param log the server's log file
   */
  public record Report(String server, String container, boolean withAgent, String instance, Verdict verdict,
      String failure, List<String> detachLines, String backgroundLine, Path log) {

    /** The server started and all its background work was correct. */
    public boolean allCorrect() {
      return verdict != null && verdict.allCorrect();
    }
  }

  private DemoRun() {}

  /** Runs {@code serverJar} ({@code detach-demo-CONTAINER.jar}) once. */
  public static Report run(Settings settings, Path serverJar, boolean withAgent) throws InterruptedException {
    String server = serverJar.getFileName().toString().replaceFirst("^detach-demo-", "").replaceFirst("\\.jar$", "");
    String instance = UUID.randomUUID().toString();
    Path log = settings.logs().resolve(server + (withAgent ? "-with-agent.log" : "-without-agent.log"));
    List<String> args = new ArrayList<>(List.of("--port", "0", "--instance", instance));
    args.addAll(settings.databaseArgs());
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
    try (ServerProcess process =
        ServerProcess.start(settings.java(), serverJar, withAgent ? settings.agentJar() : null, args, log)) {
      URI base = process.baseUri();
      List<SentOrder> orders = Burst.send(http, base, settings.requests(), settings.concurrency());
      long answered = orders.stream().filter(o -> o.orderId() != null).count();
      Evidence evidence =
          Evidence.await(http, base, (int) answered * Verdict.JOBS_PER_ORDER, settings.backgroundWait());
      List<String> background = process.backgroundLines();
      return new Report(server, process.containerName(), withAgent, instance, Verdict.of(orders, evidence), null,
          process.detachLines(), background.isEmpty() ? null : background.get(0), log);
    } catch (IOException e) {
      return new Report(server, server, withAgent, instance, null, e.getMessage(), List.of(), null, log);
    }
  }
}
