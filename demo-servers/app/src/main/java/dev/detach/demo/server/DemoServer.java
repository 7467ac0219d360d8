package dev.detach.demo.server;

import dev.detach.demo.evidence.EvidenceServlet;
import dev.detach.demo.shop.Shop;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * What the three demo servers share: the command line, the shop, and the line the demo client waits for.
 *
 * <pre>
 * java [-javaagent:detach-agent.jar] -jar detach-demo-CONTAINER.jar [--port 8080]
 *      [--jdbc-url jdbc:h2:mem:shop] [--jdbc-user USER] [--jdbc-password PASSWORD] [--instance ID]
 * </pre>
 * PostgreSQL: {@code --jdbc-url jdbc:postgresql://127.0.0.1:5432/test --jdbc-user postgres}; MariaDB:
 * {@code --jdbc-url jdbc:mariadb://127.0.0.1:3306/test --jdbc-user root}.
 */
public final class DemoServer {

  /** What a container serves: the filter on every path, and servlets by path. */
  public record Application(Filter filter, Map<String, HttpServlet> servlets) {}

  /** A container serving an {@link Application}. */
  public interface Container {
    /** Serves {@code application} on 127.0.0.1:{@code port} (0: a free port) until closed. */
    Running start(Application application, int port) throws Exception;
  }

  /** A started container: the port it listens on, and how to stop it. */
  public record Running(int port, AutoCloseable stop) {}

  /** The client waits for this, followed by the URL, on the server's standard output. */
  public static final String LISTENING = " listening on ";

  private static final String USAGE = "usage: [--port N] [--jdbc-url URL] [--jdbc-user USER]"
      + " [--jdbc-password PASSWORD] [--instance ID]";

  private DemoServer() {}

  /** Parses {@code args}, starts the shop in {@code container} and serves until the process is stopped. */
  public static void run(String containerName, String[] args, Container container) throws Exception {
    Map<String, String> options = options(args);
    int port = Integer.parseInt(options.getOrDefault("--port", "8080"));
    String jdbcUrl = options.getOrDefault("--jdbc-url", "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1");
    String instance = options.getOrDefault("--instance", UUID.randomUUID().toString());

    Shop shop = Shop.open(jdbcUrl, options.get("--jdbc-user"), options.get("--jdbc-password"), instance);
    Map<String, HttpServlet> servlets = new HashMap<>(shop.servlets());
    servlets.put("/demo/evidence", new EvidenceServlet(shop.auditTrail()));
    Running running = container.start(new Application(shop.filter(), servlets), port);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.stop().close();
      } catch (Exception e) {
        System.err.println("demo server: stopping the container: " + e);
      } finally {
        shop.close();
      }
    }, "demo-server-stop"));
    System.out.println("demo server " + containerName + LISTENING + "http://127.0.0.1:" + running.port() + "/"
        + " (instance " + instance + ", database " + jdbcUrl + ")");
    System.out.println("try: curl -i -X POST -H 'X-User: alice' -H 'X-Tenant: acme' 'http://127.0.0.1:"
        + running.port() + "/orders?item=book'");
    new CountDownLatch(1).await();
  }

  private static Map<String, String> options(String[] args) {
    List<String> known = List.of("--port", "--jdbc-url", "--jdbc-user", "--jdbc-password", "--instance");
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!known.contains(args[i]) || i + 1 == args.length) {
        throw new IllegalArgumentException("unknown or incomplete option " + args[i] + "; " + USAGE);
      }
      options.put(args[i], args[++i]);
    }
    return options;
  }
}
