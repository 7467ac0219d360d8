package dev.detach.bench.driver;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives {@code POST /orders?item=book} on 127.0.0.1 with a fixed number of keep-alive connections for a
 * fixed time: wrk when it is installed, else a small Java client (closed loop, one thread per connection).
 */
abstract class Load {

  /** What one run measured. {@code errors}: non-2xx answers and socket errors. */
  record Result(long requests, double seconds, long errors, double p50Millis, double p99Millis) {
    double perSecond() {
      return requests / seconds;
    }
  }

  abstract String name();

  abstract Result run(int port, int connections, int seconds) throws Exception;

  static Load choose(String which, File workDir) {
    if (which.equals("java")) {
      return new JavaClient();
    }
    if (which.equals("wrk") || (which.equals("auto") && onPath("wrk"))) {
      return new Wrk(workDir);
    }
    return new JavaClient();
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, tool).canExecute()) {
        return true;
      }
    }
    return false;
  }

  /** wrk, one thread (the server needs the other core), its latency distribution. */
  static final class Wrk extends Load {
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s|m)\\s*$",
        Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
        "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private final File script;

    Wrk(File workDir) {
      this.script = new File(workDir, "orders.lua");
    }

    @Override
    String name() {
      return "wrk";
    }

    @Override
    Result run(int port, int connections, int seconds) throws Exception {
      StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\n");
      ServerProcess.ORDER_HEADERS.forEach((k, v) -> lua.append("wrk.headers[\"").append(k).append("\"] = \"")
          .append(v).append("\"\n"));
      Files.writeString(script.toPath(), lua);
      Process p = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency",
          "-s", script.getPath(), "http://127.0.0.1:" + port + ServerProcess.ORDER_PATH)
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("wrk failed:\n" + out);
      }
      Matcher m = REQUESTS.matcher(out);
      if (!m.find()) {
        throw new IOException("no request count in wrk's output:\n" + out);
      }
      long requests = Long.parseLong(m.group(1));
      double elapsed = millis(m.group(2), m.group(3)) / 1000.0;
      double p50 = -1;
      double p99 = -1;
      Matcher pm = PERCENTILE.matcher(out);
      while (pm.find()) {
        double v = millis(pm.group(2), pm.group(3));
        if (pm.group(1).equals("50")) {
          p50 = v;
        } else {
          p99 = v;
        }
      }
      long errors = 0;
      Matcher e = NON_2XX.matcher(out);
      if (e.find()) {
        errors += Long.parseLong(e.group(1));
      }
      Matcher s = SOCKET_ERRORS.matcher(out);
      if (s.find()) {
        for (int g = 1; g <= 4; g++) {
          errors += Long.parseLong(s.group(g));
        }
      }
      return new Result(requests, elapsed, errors, p50, p99);
    }

    private static double millis(String value, String unit) {
      double v = Double.parseDouble(value);
      switch (unit) {
        case "us":
          return v / 1000;
        case "s":
          return v * 1000;
        case "m":
          return v * 60_000;
        default:
          return v;
      }
    }
  }

  /** The fallback: one thread per keep-alive connection, latencies kept in full for exact percentiles. */
  static final class JavaClient extends Load {
    @Override
    String name() {
      return "java client";
    }

    @Override
    Result run(int port, int connections, int seconds) throws Exception {
      byte[] request = Http.post(ServerProcess.ORDER_PATH, ServerProcess.ORDER_HEADERS);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      List<Thread> threads = new ArrayList<>();
      List<long[]> latencies = new ArrayList<>();
      long[] counts = new long[connections];
      long[] errors = new long[connections];
      long start = System.nanoTime();
      for (int c = 0; c < connections; c++) {
        int id = c;
        long[] samples = new long[4_000_000 / connections];
        latencies.add(samples);
        Thread t = new Thread(() -> {
          // A server closes a keep-alive connection after so many requests (Tomcat: 100): open the next one
          // then, as wrk does. Any other failure ends this connection's share of the load, counted.
          boolean open = true;
          while (open && System.nanoTime() < end) {
            try (Http http = new Http(port, 5_000)) {
              for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                Http.Response r = http.exchange(request);
                long latency = System.nanoTime() - now;
                if (r.status() / 100 != 2) {
                  errors[id]++;
                }
                if (counts[id] < samples.length) {
                  samples[(int) counts[id]] = latency;
                }
                counts[id]++;
                if (r.closing()) {
                  break;
                }
              }
            } catch (IOException e) {
              errors[id]++;
              open = false;
            }
          }
        }, "load-" + c);
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      long total = Arrays.stream(counts).sum();
      long[] all = new long[(int) Math.min(total, Integer.MAX_VALUE - 8)];
      int n = 0;
      for (int c = 0; c < connections; c++) {
        int k = (int) Math.min(counts[c], latencies.get(c).length);
        System.arraycopy(latencies.get(c), 0, all, n, k);
        n += k;
      }
      long[] sorted = Arrays.copyOf(all, n);
      Arrays.sort(sorted);
      return new Result(total, elapsed, Arrays.stream(errors).sum(), percentile(sorted, 50), percentile(sorted, 99));
    }

    private static double percentile(long[] sorted, double p) {
      if (sorted.length == 0) {
        return -1;
      }
      int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
      return sorted[Math.max(0, i)] / 1e6;
    }
  }

  static String format(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
