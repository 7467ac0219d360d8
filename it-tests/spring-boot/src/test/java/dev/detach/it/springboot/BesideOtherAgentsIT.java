package dev.detach.it.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Spring Boot application, run as its executable jar (java -jar, the Java of this JVM) with Detach alone and
 * with the OpenTelemetry (2.x, and 1.x on Java 17) or TTL agent before or after it on the command line, or in
 * {@code JAVA_TOOL_OPTIONS}:
 * no run may print a {@code [detach] ERROR} line (a class another agent rewrote first that Detach could not weave,
 * an internal fault), the application must answer every order, and every {@code @Async} audit must read its own
 * request (header, parameter, attribute) and MDC.
 */
class BesideOtherAgentsIT {

  private static final int ORDERS = 40;
  private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");
  private static final String OTEL_OFF = "-Dotel.traces.exporter=none -Dotel.metrics.exporter=none "
      + "-Dotel.logs.exporter=none";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"detach", "otel-first", "otel-after", "otel-tool-options", "otel1-first", "otel1-after",
      "otel1-tool-options", "ttl-first", "ttl-after", "ttl-tool-options"})
  void everyAuditReadsItsOwnRequestAndDetachReportsNoError(String order) throws Exception {
    String expectedJava = System.getProperty("it.expectJava");
    assertThat(Runtime.version().feature()).as("this JVM's Java (the application runs on it)")
        .isEqualTo(Integer.parseInt(expectedJava));
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    String detach = "-javaagent:" + file("it.agentJar");
    if (order.startsWith("otel1-")) {
      // OpenTelemetry 1.x does not start on Java 25 (it needs java.lang opened; opened, it instruments nothing):
      // a configuration that line does not support. The container suites keep Detach right next to that failed start.
      assumeThat(Runtime.version().feature()).as("OpenTelemetry 1.x supports Java up to 21").isLessThan(22);
    }
    String otel = "-javaagent:" + file("it.otelJar") + " " + OTEL_OFF;
    String otel1 = "-javaagent:" + file("it.otel1Jar") + " " + OTEL_OFF;
    String ttl = "-javaagent:" + file("it.ttlJar");
    String toolOptions = null;
    switch (order) {
      case "detach": command.add(detach); break;
      case "otel-first": add(command, otel); command.add(detach); break;
      case "otel-after": command.add(detach); add(command, otel); break;
      case "otel-tool-options": toolOptions = otel; command.add(detach); break;
      case "otel1-first": add(command, otel1); command.add(detach); break;
      case "otel1-after": command.add(detach); add(command, otel1); break;
      case "otel1-tool-options": toolOptions = otel1; command.add(detach); break;
      case "ttl-first": command.add(ttl); command.add(detach); break;
      case "ttl-after": command.add(detach); command.add(ttl); break;
      case "ttl-tool-options": toolOptions = ttl; command.add(detach); break;
      default: throw new IllegalArgumentException(order);
    }
    // How the agents' rewriting fits together does not depend on compiled code: C1 and the serial collector
    // start these JVMs about a third faster on two cores.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-jar");
    command.add(file("it.appJar"));
    command.add("--server.port=0");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (toolOptions != null) {
      pb.environment().put("JAVA_TOOL_OPTIONS", toolOptions);
    } else {
      pb.environment().remove("JAVA_TOOL_OPTIONS");
    }
    Process app = pb.start();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Integer> port = new CompletableFuture<>();
    CountDownLatch ended = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          output.add(line);
          Matcher m = STARTED.matcher(line);
          if (m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
        }
      } catch (IOException e) {
        // the process ended
      } finally {
        port.completeExceptionally(new IllegalStateException("the application ended before it started"));
        ended.countDown();
      }
    }, "app-output");
    reader.setDaemon(true);
    reader.start();
    List<String> wrong = new ArrayList<>();
    try {
      int p = port.get(120, TimeUnit.SECONDS);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      ExecutorService clients = Executors.newFixedThreadPool(8);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < ORDERS; i++) {
        String key = order + "-" + i;
        answers.add(clients.submit(() -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + p + "/orders?item=item-" + key))
            .header("X-Request-Id", key).POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30))
            .build(), HttpResponse.BodyHandlers.ofString()).statusCode() + " " + key));
      }
      for (Future<String> a : answers) {
        String answer = a.get(60, TimeUnit.SECONDS);
        if (!answer.startsWith("200 ")) {
          wrong.add("order answered " + answer);
        }
      }
      clients.shutdown();
      for (int i = 0; i < ORDERS; i++) {
        String key = order + "-" + i;
        String seen = awaitAudit(http, p, key);
        String expected = key + "|item-" + key + "|" + key + "|" + key;
        if (!expected.equals(seen)) {
          wrong.add(key + ": the audit read " + seen + ", its request had " + expected);
        }
      }
    } finally {
      app.destroy();
      if (!app.waitFor(20, TimeUnit.SECONDS)) {
        app.destroyForcibly();
      }
      ended.await(10, TimeUnit.SECONDS);
    }
    List<String> errors = new ArrayList<>();
    synchronized (output) {
      for (String line : output) {
        if (line.contains("[detach] ERROR")) {
          errors.add(line);
        }
      }
    }
    System.out.println("[Spring Boot, " + order + ", Java " + Runtime.version().feature() + "] " + ORDERS
        + " orders; audits not their own request's: " + wrong.size() + "; [detach] ERROR lines: " + errors.size());
    assertThat(errors).as("[%s] [detach] ERROR lines", order).isEmpty();
    // The run was what its name says: the other agent started, and from JAVA_TOOL_OPTIONS where it was put there.
    if (toolOptions != null) {
      assertThat(output).as("[%s] the JVM's output", order).anyMatch(l -> l.startsWith("Picked up JAVA_TOOL_OPTIONS"));
    }
    if (order.startsWith("otel")) {
      assertThat(output).as("[%s] the JVM's output", order)
          .anyMatch(l -> l.contains("opentelemetry-javaagent - version: " + (order.startsWith("otel1-") ? "1." : "2.")));
    }
    assertThat(wrong).as("[%s] orders not answered, or audits that did not read their own request; first: %s",
        order, wrong.subList(0, Math.min(5, wrong.size()))).isEmpty();
  }

  private static String awaitAudit(HttpClient http, int port, String key) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() - end < 0) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/audits?key=" + key)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return r.body();
      }
      Thread.sleep(50);
    }
    return "no audit within 30 s";
  }

  private static void add(List<String> command, String options) {
    Collections.addAll(command, options.split(" "));
  }

  private static String file(String property) {
    String path = System.getProperty(property);
    assertThat(path).as("system property %s", property).isNotNull();
    assertThat(new File(path)).as("%s", path).exists();
    return path;
  }
}
