package dev.detach.bench.driver;

import dev.detach.bench.memory.Histogram;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server-side benchmarks, driven from outside the server JVMs (scripts/bench runs them):
 *
 * <pre>
 * server-load    requests/s, p50/p99 latency, allocation and CPU per request under a loopback load
 * startup        JVM launch to the first served request
 * held-requests  bytes retained per request whose background task holds it after completion
 * report         the markdown tables from a results directory
 * </pre>
 *
 * Options: {@code --java PATH --jdk LABEL --config NAME=JVM_ARGS... --server NAME=LAUNCH_ARGS... --out FILE}
 * and per benchmark {@code --rounds --warmup --duration --connections --reps --requests --headers --load}.
 * {@code LAUNCH_ARGS} is how a server is started after the JVM options ({@code -cp CP MAIN} or {@code -jar
 * JAR}); every server takes {@code --port N} and serves {@code POST /orders?item=...}.
 */
public final class Main {

  private final Map<String, List<String>> options = new LinkedHashMap<>();

  private Main(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 == args.length) {
        throw new IllegalArgumentException("expected --name value at " + args[i]);
      }
      options.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[++i]);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: server-load|startup|held-requests|report OPTIONS");
    }
    Main main = new Main(Arrays.copyOfRange(args, 1, args.length));
    switch (args[0]) {
      case "server-load":
        main.serverLoad();
        break;
      case "startup":
        main.startup();
        break;
      case "held-requests":
        main.heldRequests();
        break;
      case "report":
        Report.write(new File(main.one("results")), new File(main.one("out")));
        break;
      default:
        throw new IllegalArgumentException("unknown benchmark " + args[0]);
    }
    System.exit(0);
  }

  // ---- benchmarks -----------------------------------------------------------------------------------

  private void serverLoad() throws Exception {
    int rounds = integer("rounds", 1);
    int warmup = integer("warmup", 5);
    int duration = integer("duration", 10);
    int connections = integer("connections", 8);
    Load load = Load.choose(one("load", "auto"), workDir());
    Table out = new Table(one("out"), "jdk", "server", "config", "round", "load", "requests", "seconds",
        "requests_per_s", "p50_ms", "p99_ms", "errors", "alloc_bytes_per_request", "cpu_us_per_request");
    Map<String, List<String>> configs = named("config");
    for (int round = 1; round <= rounds; round++) {
      for (Map.Entry<String, List<String>> server : named("server").entrySet()) {
        for (String config : rotated(configs, round - 1)) {
          log("server-load: JDK %s %s %s round %d/%d (%s, %d connections, %d s + %d s warm-up)", one("jdk"),
              server.getKey(), config, round, rounds, load.name(), connections, duration, warmup);
          try (ServerProcess p = start(server, config, configs.get(config), "load-r" + round)) {
            p.awaitFirstRequest(120);
            try (Jmx jmx = Jmx.attach(p.pid())) {
              load.run(p.port, connections, warmup);
              long alloc0 = jmx.allocatedBytes();
              long cpu0 = jmx.cpuNanos();
              Load.Result r = load.run(p.port, connections, duration);
              long alloc = jmx.allocatedBytes() - alloc0;
              long cpu = jmx.cpuNanos() - cpu0;
              out.row(one("jdk"), server.getKey(), config, round, load.name(), r.requests(), fmt(r.seconds()),
                  fmt(r.perSecond()), fmt(r.p50Millis()), fmt(r.p99Millis()), r.errors(),
                  fmt((double) alloc / r.requests()), fmt(cpu / 1000.0 / r.requests()));
              log("  %.0f requests/s, p50 %.3f ms, p99 %.3f ms, %.0f B and %.1f us CPU per request, %d errors",
                  r.perSecond(), r.p50Millis(), r.p99Millis(), (double) alloc / r.requests(),
                  cpu / 1000.0 / r.requests(), r.errors());
            }
          }
        }
      }
    }
  }

  private void startup() throws Exception {
    int reps = integer("reps", 3);
    Table out = new Table(one("out"), "jdk", "server", "config", "rep", "millis");
    Map<String, List<String>> configs = named("config");
    for (int rep = 1; rep <= reps; rep++) {
      for (Map.Entry<String, List<String>> server : named("server").entrySet()) {
        for (String config : rotated(configs, rep - 1)) {
          try (ServerProcess p = start(server, config, configs.get(config), "startup-r" + rep)) {
            double millis = p.awaitFirstRequest(120) / 1e6;
            out.row(one("jdk"), server.getKey(), config, rep, fmt(millis));
            log("startup: JDK %s %s %s rep %d/%d: %.0f ms", one("jdk"), server.getKey(), config, rep, reps, millis);
          }
        }
      }
    }
  }

  private void heldRequests() throws Exception {
    int requests = integer("requests", 1000);
    int headers = integer("headers", 20);
    Table out = new Table(one("out"), "jdk", "server", "config", "requests", "headers",
        "retained_bytes_per_request", "classes_that_grew");
    Map<String, String> sent = new LinkedHashMap<>();
    for (int i = 0; i < headers; i++) {
      sent.put("X-Bench-" + i, "value-of-request-header-number-" + i);
    }
    Map<String, List<String>> configs = named("config");
    for (Map.Entry<String, List<String>> server : named("server").entrySet()) {
      for (String config : configs.keySet()) {
        try (ServerProcess p = start(server, config, configs.get(config), "held")) {
          p.awaitFirstRequest(120);
          try (Jmx jmx = Jmx.attach(p.pid())) {
            // Warms the path and grows the queues and tables a first time, then starts from none waiting.
            control(p.port, "block");
            hold(p.port, sent, 100);
            control(p.port, "release");
            awaitNonePending(p.port);
            control(p.port, "block");
            Histogram before = jmx.liveHeap();
            hold(p.port, sent, requests);
            Thread.sleep(300); // lets the container finish recycling the last requests
            Histogram after = jmx.liveHeap();
            control(p.port, "release");
            awaitNonePending(p.port);
            double perRequest = (after.totalBytes() - before.totalBytes()) / (double) requests;
            out.row(one("jdk"), server.getKey(), config, requests, headers, fmt(perRequest),
                String.join(", ", after.grownSince(before, 6)));
            log("held-requests: JDK %s %s %s: %.0f bytes retained per held request", one("jdk"), server.getKey(),
                config, perRequest);
          }
        }
      }
    }
  }

  /** Sends {@code n} requests whose tasks hold them, queued behind the blocked hold pool's worker. */
  private static void hold(int port, Map<String, String> headers, int n) throws Exception {
    byte[] request = Http.post("/bench/hold?op=task", headers);
    for (int i = 0; i < n; i++) {
      try (Http http = new Http(port, 5_000)) {
        Http.Response r = http.exchange(request);
        if (r.status() != 200) {
          throw new IOException("held request answered " + r.status());
        }
      }
    }
    String pending = control(port, "pending");
    if (Integer.parseInt(pending) != n) {
      throw new IllegalStateException("expected " + n + " held tasks waiting, the server says " + pending);
    }
  }

  private static void awaitNonePending(int port) throws Exception {
    for (int i = 0; i < 1000 && Integer.parseInt(control(port, "pending")) != 0; i++) {
      Thread.sleep(10);
    }
  }

  private static String control(int port, String op) throws IOException {
    Http.Response r = Http.once(port, "/bench/hold?op=" + op, Map.of());
    if (r.status() != 200) {
      throw new IOException("/bench/hold?op=" + op + " answered " + r.status()
          + " (the held-requests benchmark needs the benchmark's own servers)");
    }
    return r.body().trim();
  }

  // ---- plumbing -------------------------------------------------------------------------------------

  private ServerProcess start(Map.Entry<String, List<String>> server, String config, List<String> agent, String tag)
      throws IOException {
    File log = new File(workDir(), "server-" + one("jdk") + "-" + server.getKey() + "-" + config + "-" + tag + ".log");
    return ServerProcess.start(one("java"), split(one("jvm-opts", "")), agent, server.getValue(), log);
  }

  private File workDir() {
    File dir = new File(one("work", "."));
    dir.mkdirs();
    return dir;
  }

  /** Configurations in a different order each round, so that drift in the machine's load spreads over all. */
  private static List<String> rotated(Map<String, List<String>> configs, int by) {
    List<String> names = new ArrayList<>(configs.keySet());
    java.util.Collections.rotate(names, -(by % names.size()));
    return names;
  }

  private Map<String, List<String>> named(String option) {
    Map<String, List<String>> named = new LinkedHashMap<>();
    for (String v : options.getOrDefault(option, List.of())) {
      int eq = v.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--" + option + " NAME=ARGS, not " + v);
      }
      named.put(v.substring(0, eq), split(v.substring(eq + 1)));
    }
    if (named.isEmpty()) {
      throw new IllegalArgumentException("no --" + option);
    }
    return named;
  }

  private static List<String> split(String args) {
    List<String> out = new ArrayList<>();
    for (String a : args.trim().split("\\s+")) {
      if (!a.isEmpty()) {
        out.add(a);
      }
    }
    return out;
  }

  private String one(String name) {
    List<String> v = options.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return v.get(v.size() - 1);
  }

  private String one(String name, String orElse) {
    return options.containsKey(name) ? one(name) : orElse;
  }

  private int integer(String name, int orElse) {
    return Integer.parseInt(one(name, Integer.toString(orElse)));
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static void log(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  /** A tab-separated results file: a header line when new, then rows appended. */
  static final class Table {
    private final File file;

    Table(String path, String... columns) throws IOException {
      file = new File(path);
      if (!file.exists() || file.length() == 0) {
        Files.writeString(file.toPath(), String.join("\t", columns) + "\n", StandardCharsets.UTF_8);
      }
    }

    void row(Object... values) throws IOException {
      StringBuilder b = new StringBuilder();
      for (Object v : values) {
        b.append(b.length() == 0 ? "" : "\t").append(v);
      }
      Files.writeString(file.toPath(), b.append('\n'), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
  }

}
