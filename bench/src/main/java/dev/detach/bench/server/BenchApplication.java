package dev.detach.bench.server;

import jakarta.servlet.http.HttpServlet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The servers' common part: the servlets by path, the command line ({@code [--port N]}) and the line the
 * benchmark driver may wait for. Modelled on the demo servers (demo-servers/, {@code DemoServer}), so that the
 * driver can run either: same command line, same {@code POST /orders?item=...} endpoint, same
 * {@code " listening on "} line.
 */
public final class BenchApplication {

  /** A container serving the servlets on 127.0.0.1. */
  public interface Container {
    /** Serves {@code servlets} (by path) on 127.0.0.1:{@code port} (0: a free port); returns the port. */
    int start(Map<String, HttpServlet> servlets, int port) throws Exception;
  }

  private BenchApplication() {}

  /** The endpoints: the order endpoint under load, and the held-requests endpoint for the memory figures. */
  public static Map<String, HttpServlet> servlets() {
    Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    servlets.put("/orders", new OrderEndpoint());
    servlets.put("/bench/hold", new HoldEndpoint());
    return servlets;
  }

  /** Starts {@code container} with {@link #servlets()} and serves until the process is stopped. */
  public static void run(String name, String[] args, Container container) throws Exception {
    int port = 8080;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else {
        throw new IllegalArgumentException("unknown option " + args[i] + "; usage: [--port N]");
      }
    }
    int bound = container.start(servlets(), port);
    System.out.println("bench server " + name + " listening on http://127.0.0.1:" + bound + "/");
    new CountDownLatch(1).await();
  }
}
