package dev.detach.it.containers;

import static dev.detach.it.containers.Protocol.PHASE_FILTER_AFTER;
import static dev.detach.it.containers.Protocol.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.detach.CancellationCause;
import dev.detach.RequestInfo;
import dev.detach.RequestScope;
import dev.detach.it.containers.Observations.Observation;
import dev.detach.it.containers.Observations.View;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Starts the line's {@link EmbeddedServer} once per test class (one JVM per line, shared by its test classes),
 * sends real HTTP to it, and asserts what the handlers recorded in {@link Observations}.
 *
 * <p>Waits are bounded ({@link #WAIT}); nothing asserts how long something took.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
public abstract class ContainerContractBase {

  /** How long anything that should happen may take before a test gives up on it. */
  protected static final Duration WAIT = Duration.ofSeconds(10);

  protected EmbeddedServer server;
  protected HttpClient http;
  protected final List<Observation> checkedThisTest = Collections.synchronizedList(new ArrayList<>());

  /** The line's server, not yet started. */
  protected abstract EmbeddedServer createServer() throws Exception;

  @BeforeAll
  void startServer() throws Exception {
    // A JDK 25 execution that quietly ran on 17 would pass everything JDK 25 is meant to check.
    String expectedJava = System.getProperty("it.expectJava");
    if (expectedJava != null) {
      assertThat(Runtime.version().feature()).as("the Java of the JVM this execution forked (%s)",
          System.getProperty("java.home")).isEqualTo(Integer.parseInt(expectedJava));
    }
    server = createServer();
    server.start();
    http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    System.out.println("[" + server.name() + "] started on 127.0.0.1:" + server.port() + " (Java "
        + Runtime.version() + ", virtual request threads: " + server.virtualThreads() + ", agent: "
        + agentAttached() + ")");
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** Each cancel listener a test waited for ran exactly once (checked after the test, so a late second run shows). */
  @AfterEach
  void cancelListenersRanOnce() throws InterruptedException {
    List<Observation> checked;
    synchronized (checkedThisTest) {
      checked = new ArrayList<>(checkedThisTest);
      checkedThisTest.clear();
    }
    if (checked.isEmpty()) {
      return;
    }
    Thread.sleep(100); // lets a wrong second run happen before counting; asserts no timing
    List<String> wrong = new ArrayList<>();
    for (Observation o : checked) {
      if (o.listenerRuns.get() != 1) {
        wrong.add(o.key + " ran " + o.listenerRuns.get() + " times");
      }
    }
    assertThat(wrong).as("[%s] cancel listeners that did not run exactly once", server.name()).isEmpty();
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /** A fresh key (the X-Request-Id the test sends). */
  protected static String newKey(String scenario) {
    return scenario + "-" + UUID.randomUUID().toString().substring(0, 13);
  }

  protected HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .timeout(Duration.ofSeconds(20))
        .GET();
  }

  protected HttpResponse<String> get(String pathAndQuery, String key, String... headers) throws Exception {
    return send(withHeaders(request(pathAndQuery).header(REQUEST_ID, key), headers).build());
  }

  protected CompletableFuture<HttpResponse<String>> sendAsync(String pathAndQuery, String key, String... headers) {
    return http.sendAsync(withHeaders(request(pathAndQuery).header(REQUEST_ID, key), headers).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  protected HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder withHeaders(HttpRequest.Builder b, String... headers) {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }

  protected static <T> T await(CompletableFuture<T> f, String what) throws Exception {
    try {
      return f.get(WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("gave up waiting for " + what);
    }
  }

  /** The observation the handler made for {@code key}; fails when no handler recorded one in time. */
  protected Observation observed(String key) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Observation o;
    while ((o = Observations.find(key)) == null) {
      if (System.nanoTime() > deadline) {
        fail("[" + server.name() + "] no handler recorded request " + key + " (not routed to the test handlers?)");
      }
      Thread.sleep(5);
    }
    o.awaitHandled(WAIT);
    return o;
  }

  /** Asserts the phase saw a request scope and a RequestInfo; returns its view. */
  protected View assertScope(Observation o, View v, String phase) {
    if (v == null) {
      fail("[" + server.name() + "] the handler recorded no '" + phase + "' phase: " + o);
    }
    if (!v.hasScope()) {
      fail("[" + server.name() + "] handler saw no request scope in '" + phase
          + "' (RequestScope.current() was ROOT" + (agentAttached() ? "" : "; no agent attached") + "): " + o);
    }
    if (v.info == null) {
      fail("[" + server.name() + "] handler saw no RequestInfo in '" + phase + "': " + o);
    }
    assertThat(v.detached).as("[%s] the handler's scope is the request's own, not a detached one: %s",
        server.name(), o).isFalse();
    if (!phase.equals(Protocol.PHASE_FILTER_AFTER)) {
      // After chain.doFilter the response may be complete already: only the scope's identity is asserted there.
      assertThat(v.cancelled).as("[%s] scope cancelled while '%s' ran: %s", server.name(), phase, o).isFalse();
    }
    return v;
  }

  /** Asserts the phase saw the scope of request {@code key}. */
  protected View assertOwnScope(Observation o, String phase, String key) throws InterruptedException {
    // A phase after the handler (the filter after chain.doFilter) may still be running when the
    // response has arrived: wait for it, bounded.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (o.view(phase) == null && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    View v = assertScope(o, o.view(phase), phase);
    assertThat(v.id()).as("[%s] RequestInfo.id() in '%s' (the X-Request-Id sent): %s", server.name(), phase, o)
        .isEqualTo(key);
    return v;
  }

  /** Waits (bounded) for the request's scope to be cancelled, and asserts the cause. */
  protected void assertCancelled(Observation o, CancellationCause expected, String when) {
    if (o.scope() == null) {
      fail("[" + server.name() + "] no request scope to watch for " + o.key + ": " + o);
    }
    CancellationCause cause = o.awaitCause(WAIT);
    if (cause == null) {
      fail("[" + server.name() + "] the scope of " + o.key + " was not cancelled " + when + " (waited "
          + WAIT.toSeconds() + " s; scope.isCancelled()=" + o.scope().isCancelled() + "): " + o);
    }
    assertThat(cause).as("[%s] cancellation cause %s: %s", server.name(), when, o).isEqualTo(expected);
    assertThat(o.scope().cancellationCause()).as("the scope's own cause").isEqualTo(expected);
    checkedThisTest.add(o);
  }

  protected static boolean agentAttached() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .anyMatch(a -> a.startsWith("-javaagent:") && a.contains("detach-agent"));
  }
}
