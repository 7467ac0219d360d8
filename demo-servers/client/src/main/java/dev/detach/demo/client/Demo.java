package dev.detach.demo.client;

import dev.detach.demo.client.DemoRun.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo: runs each demo server without and with the agent, sends each run a burst of orders, and prints a
 * table per container. Exits 1 when a run with the agent is not fully correct, 2 on a usage error.
 *
 * <pre>
 * java -cp detach-demo-client.jar dev.detach.demo.client.Demo --agent detach-agent.jar [--java PATH]
 *     [--requests 100] [--concurrency 10] [--wait-seconds 30] [--logs DIR]
 *     [--jdbc-url URL [--jdbc-user USER] [--jdbc-password PASSWORD]] SERVER_JAR...
 * </pre>
 */
public final class Demo {

  private Demo() {}

  public static void main(String[] args) throws Exception {
    Path agent = null;
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    int requests = 100;
    int concurrency = 10;
    int waitSeconds = 30;
    Path logs = Path.of("demo-logs");
    List<String> database = new ArrayList<>();
    List<Path> servers = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (!a.startsWith("--")) {
          servers.add(Path.of(a));
          continue;
        }
        if (i + 1 == args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String value = args[++i];
        switch (a) {
          case "--agent" -> agent = Path.of(value);
          case "--java" -> java = Path.of(value);
          case "--requests" -> requests = Integer.parseInt(value);
          case "--concurrency" -> concurrency = Integer.parseInt(value);
          case "--wait-seconds" -> waitSeconds = Integer.parseInt(value);
          case "--logs" -> logs = Path.of(value);
          case "--jdbc-url", "--jdbc-user", "--jdbc-password" -> database.addAll(List.of(a, value));
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (agent == null || !Files.isRegularFile(agent)) {
        throw new IllegalArgumentException("--agent must name detach-agent.jar (got " + agent + ")");
      }
      if (servers.isEmpty() || requests < 1 || concurrency < 1) {
        throw new IllegalArgumentException("name at least one server jar; --requests and --concurrency >= 1");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("demo: " + e.getMessage());
      System.exit(2);
    }

    DemoRun.Settings settings = new DemoRun.Settings(java, agent, requests, concurrency, database, logs,
        Duration.ofSeconds(waitSeconds));
    List<String> notCorrect = new ArrayList<>();
    for (Path server : servers) {
      System.out.printf("running %s without the agent, then with it ...%n", server.getFileName());
      Report without = DemoRun.run(settings, server, false);
      Report with = DemoRun.run(settings, server, true);
      DemoTable.print(System.out, without, with, settings);
      if (!with.allCorrect()) {
        notCorrect.add(with.container());
      }
    }
    System.out.println();
    if (notCorrect.isEmpty()) {
      System.out.println("With the agent, every background task on every container saw its own request.");
    } else {
      System.out.println("NOT fully correct with the agent: " + String.join(", ", notCorrect));
      System.exit(1);
    }
  }
}
