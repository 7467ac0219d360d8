package dev.detach.it.containers;

import static dev.detach.it.containers.Protocol.ASYNC;
import static dev.detach.it.containers.Protocol.PHASE_FILTER;
import static dev.detach.it.containers.Protocol.PHASE_FILTER_AFTER;
import static dev.detach.it.containers.Protocol.PHASE_HANDLER;
import static dev.detach.it.containers.Protocol.PHASE_REDISPATCH;
import static dev.detach.it.containers.Protocol.REDISPATCH;
import static dev.detach.it.containers.Protocol.REQUEST_ID;
import static dev.detach.it.containers.Protocol.STREAM;
import static dev.detach.it.containers.Protocol.STREAM_ASYNC;
import static dev.detach.it.containers.Protocol.SYNC;
import static dev.detach.it.containers.Protocol.TENANT;
import static dev.detach.it.containers.Protocol.TEST_KEY;
import static dev.detach.it.containers.Protocol.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.detach.CancellationCause;
import dev.detach.RequestInfo;
import dev.detach.RequestScope;
import dev.detach.it.containers.Observations.Observation;
import dev.detach.it.containers.Observations.View;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The scenarios every container line passes: a line's test class extends this and provides its
 * {@link EmbeddedServer}. The server runs in this JVM (started with the agent), the requests are real
 * HTTP to 127.0.0.1, and the handlers record what they saw into {@link Observations}.
 */
public abstract class ContainerContract extends ContainerContractBase {

  // ---- scenarios --------------------------------------------------------------------------------

  @Test
  void syncRequestSeesItsOwnScopeAndValuesAndIsCompletedAfterTheResponse() throws Exception {
    String key = newKey("sync");
    HttpResponse<String> r = get(SYNC + "?a=1&b=two", key, TENANT, "acme");
    assertThat(r.statusCode()).as("status of GET /sync").isEqualTo(200);

    Observation o = observed(key);
    View v = assertOwnScope(o, PHASE_HANDLER, key);
    RequestInfo info = v.info;
    assertThat(info.method()).as("RequestInfo.method()").isEqualTo("GET");
    assertThat(info.uri()).as("RequestInfo.uri()").isEqualTo(SYNC);
    assertThat(info.query()).as("RequestInfo.query()").isEqualTo("a=1&b=two");
    assertThat(info.remoteAddress()).as("RequestInfo.remoteAddress()").isEqualTo("127.0.0.1");
    assertThat(info.header(TENANT)).as("RequestInfo.header(X-Tenant) (configured in request.headers)")
        .isEqualTo("acme");
    assertThat(info.header("x-tenant")).as("RequestInfo.header is case-insensitive").isEqualTo("acme");
    assertThat(info.headers()).as("RequestInfo.headers() keeps only configured headers")
        .containsEntry("x-tenant", "acme").doesNotContainKey("host");
    assertThat(r.body()).as("the handler's answer").isEqualTo("id=" + key);

    if (server.hasFilters()) {
      View filter = assertOwnScope(o, PHASE_FILTER, key);
      View after = assertOwnScope(o, PHASE_FILTER_AFTER, key);
      assertThat(filter.scope).as("the filter and the servlet see the same scope").isSameAs(v.scope);
      assertThat(after.scope).as("the filter sees the same scope after chain.doFilter returned").isSameAs(v.scope);
    }
    assertCancelled(o, CancellationCause.REQUEST_COMPLETED, "after the response was sent");
  }

  @Test
  void requestIdIsGeneratedWhenTheRequestHasNone() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String key = newKey("genid");
      HttpResponse<String> r = send(request(SYNC).header(TEST_KEY, key).build());
      assertThat(r.statusCode()).isEqualTo(200);
      Observation o = observed(key);
      View v = o.view(PHASE_HANDLER);
      assertScope(o, v, PHASE_HANDLER);
      assertThat(v.id()).as("generated request id").isNotBlank().isNotEqualTo(key);
      assertThat(r.body()).isEqualTo("id=" + v.id());
      ids.add(v.id());
      assertCancelled(o, CancellationCause.REQUEST_COMPLETED, "after the response was sent");
    }
    assertThat(ids).as("generated ids are distinct").doesNotHaveDuplicates();
  }

  @Test
  void asyncRequestStaysOpenUntilCompleteThenIsCompleted() throws Exception {
    String key = newKey("async");
    CompletableFuture<HttpResponse<String>> response = sendAsync(ASYNC, key);
    Observation o = observed(key);
    View v = assertOwnScope(o, PHASE_HANDLER, key);
    assertThat(o.awaitDispatchReturned(WAIT)).as("the async handler returned to the container").isTrue();
    assertThat(o.scope().isCancelled())
        .as("scope cancelled after the initial dispatch returned but before complete(): %s", o).isFalse();
    assertThat(response).as("response sent before complete()").isNotDone();
    assertThat(v.cancelled).isFalse();

    o.release();
    HttpResponse<String> r = await(response, "the response of " + key);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("id=" + key);
    assertThat(o.cancelledBeforeComplete).as("scope cancelled before complete() was called").isFalse();
    assertCancelled(o, CancellationCause.REQUEST_COMPLETED, "after AsyncContext.complete()");
  }

  @Test
  void asyncRedispatchContinuesTheSameScope() throws Exception {
    assumeTrue(server.hasRedispatch(), server.name() + " has no re-dispatch");
    String key = newKey("redispatch");
    HttpResponse<String> r = get(REDISPATCH, key, TENANT, "t-redispatch");
    assertThat(r.statusCode()).isEqualTo(200);
    Observation o = observed(key);
    View first = assertOwnScope(o, PHASE_HANDLER, key);
    View again = assertOwnScope(o, PHASE_REDISPATCH, key);
    assertThat(r.body()).isEqualTo("id=" + key);
    assertThat(again.scope).as("[%s] the re-dispatch continues the initial dispatch's scope (same object): %s",
        server.name(), o)
        .isSameAs(first.scope);
    assertThat(again.info.header(TENANT)).isEqualTo("t-redispatch");
    if (server.hasFilters()) {
      assertThat(assertOwnScope(o, PHASE_FILTER, key).scope).isSameAs(first.scope);
    }
    assertCancelled(o, CancellationCause.REQUEST_COMPLETED, "after the re-dispatch completed the response");
  }

  @Test
  void asyncTimeoutCancelsTheScope() throws Exception {
    assumeTrue(server.hasAsyncTimeout(), server.name() + " has no async timeout");
    String key = newKey("timeout");
    HttpResponse<String> r = get(TIMEOUT, key);
    Observation o = observed(key);
    assertOwnScope(o, PHASE_HANDLER, key);
    assertThat(o.events).as("the container fired AsyncListener.onTimeout (status %s): %s", r.statusCode(), o)
        .anyMatch(e -> e.startsWith("onTimeout"));
    CancellationCause expected =
        server.detectsAsyncTimeout() ? CancellationCause.DEADLINE_EXCEEDED : CancellationCause.REQUEST_COMPLETED;
    assertCancelled(o, expected, "after the async timeout (" + Protocol.ASYNC_TIMEOUT_MS + " ms)");
  }

  @Test
  void clientDisconnectWhileStreaming() throws Exception {
    clientLeaves(STREAM, server.detectsClientDisconnect());
  }

  @Test
  void clientDisconnectWhileStreamingFromAnotherThreadAfterStartAsync() throws Exception {
    clientLeaves(STREAM_ASYNC, server.detectsClientDisconnectAsync());
  }

  @Test
  void clientDisconnectWhileAnAsyncRequestIsIdle() throws Exception {
    String key = newKey("idle-disconnect");
    Observation o;
    try (RawHttp client = new RawHttp(server.port())) {
      client.sendGet(ASYNC, REQUEST_ID + ": " + key);
      o = observed(key);
      assertThat(o.awaitDispatchReturned(WAIT)).as("the async handler returned to the container").isTrue();
      client.abort();
    }
    assertOwnScope(o, PHASE_HANDLER, key);
    // Evidence only: how long a container takes to notice is not asserted, whether it does is the line's flag.
    boolean noticed = o.awaitAbortNoticed(Duration.ofSeconds(2));
    System.out.println("[" + server.name() + "] client left an idle async request; the container reported it"
        + " before the application completed: " + noticed + " " + o.events);
    if (server.detectsIdleClientDisconnect()) {
      assertThat(noticed).as("[%s] the container reported the client's leaving while the request was idle: %s",
          server.name(), o).isTrue();
      assertCancelled(o, CancellationCause.CLIENT_DISCONNECTED, "when the container noticed the client left");
      o.release();
    } else {
      o.release();
      // The application's answer goes to a dead connection: the container may report the failed write
      // (CLIENT_DISCONNECTED) or complete normally (REQUEST_COMPLETED); either way, once.
      if (o.scope() == null) {
        fail("[" + server.name() + "] no request scope to watch for " + key + ": " + o);
      }
      CancellationCause cause = o.awaitCause(WAIT);
      if (cause == null) {
        fail("[" + server.name() + "] the scope of " + key + " was not cancelled after the application completed"
            + " (waited " + WAIT.toSeconds() + " s): " + o);
      }
      assertThat(cause).as("[%s] cause once the application completed into the dead connection: %s", server.name(), o)
          .isIn(CancellationCause.REQUEST_COMPLETED, CancellationCause.CLIENT_DISCONNECTED);
      System.out.println("[" + server.name() + "] idle async request whose client left, completed by the"
          + " application: " + cause);
      checkedThisTest.add(o);
    }
  }

  private void clientLeaves(String path, boolean detects) throws Exception {
    String key = newKey("disconnect");
    try (RawHttp client = new RawHttp(server.port())) {
      client.sendGet(path, REQUEST_ID + ": " + key);
      int got = client.readAtLeast(Protocol.STREAM_CHUNK);
      assertThat(got).as("bytes streamed before the client left").isPositive();
      client.abort();
    }
    Observation o = observed(key);
    assertOwnScope(o, PHASE_HANDLER, key);
    assertThat(o.awaitWriteFailed(Duration.ofSeconds(20)))
        .as("the handler's writes failed after the client left: %s", o).isTrue();
    System.out.println("[" + server.name() + "] " + path + ": the container reported the client's leaving as "
        + o.writeFailure + "; events " + o.events);
    CancellationCause expected =
        detects ? CancellationCause.CLIENT_DISCONNECTED : CancellationCause.REQUEST_COMPLETED;
    assertCancelled(o, expected, "after the client closed the connection mid-response");
  }

  @Test
  void noScopeStaysOnContainerThreadsBetweenRequests() throws Exception {
    assertThat(RequestScope.current()).as("the test thread has no scope").isSameAs(RequestScope.ROOT);
    // Async requests held open: their dispatches returned, the requests are not complete.
    List<String> held = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> heldResponses = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String key = newKey("held");
      held.add(key);
      heldResponses.add(sendAsync(ASYNC, key));
    }
    for (String key : held) {
      assertThat(observed(key).awaitDispatchReturned(WAIT)).as("held request %s dispatched", key).isTrue();
    }
    for (int i = 0; i < 10; i++) {
      assertThat(get(SYNC, newKey("traffic")).statusCode()).isEqualTo(200);
    }
    if (server.hasRedispatch()) {
      for (int i = 0; i < 5; i++) {
        assertThat(get(REDISPATCH, newKey("traffic")).statusCode()).isEqualTo(200);
      }
    }
    List<String> leaks = new ArrayList<>();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    leaks.addAll(probeContainerThreads(20, threads));

    for (String key : held) {
      Observations.find(key).release();
    }
    for (int i = 0; i < held.size(); i++) {
      assertThat(await(heldResponses.get(i), "held response").statusCode()).isEqualTo(200);
    }
    leaks.addAll(probeContainerThreads(20, threads));
    System.out.println("[" + server.name() + "] probed container threads: " + threads);
    assertThat(leaks).as("[%s] container threads that held a scope or RequestInfo between requests (probed %s)",
        server.name(), threads).isEmpty();
    for (String key : held) {
      assertCancelled(Observations.find(key), CancellationCause.REQUEST_COMPLETED, "after complete()");
    }
  }

  @Test
  void concurrentRequestsNeverSeeEachOthersScope() throws Exception {
    int total = 500;
    int parallel = 50;
    String prefix = newKey("conc");
    Semaphore inFlight = new Semaphore(parallel);
    List<String> keys = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      String key = prefix + "-" + i;
      keys.add(key);
      String path = i % 2 == 0 || !server.hasRedispatch() ? SYNC + "?sleep=2" : REDISPATCH;
      if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
        fail("requests did not finish: " + (parallel - inFlight.availablePermits()) + " stuck in flight");
      }
      CompletableFuture<HttpResponse<String>> f = sendAsync(path, key, TENANT, "tenant-" + i);
      f.whenComplete((x, e) -> inFlight.release());
      responses.add(f);
    }
    List<String> wrong = new ArrayList<>();
    Set<String> wrongRequests = new java.util.LinkedHashSet<>();
    for (int i = 0; i < total; i++) {
      String key = keys.get(i);
      int wrongBefore = wrong.size();
      HttpResponse<String> r;
      try {
        r = responses.get(i).get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        wrong.add(key + ": no response: " + e);
        wrongRequests.add(key);
        continue;
      }
      if (r.statusCode() != 200 || !r.body().equals("id=" + key)) {
        wrong.add(key + ": answered " + r.statusCode() + " " + r.body());
      }
      Observation o = Observations.find(key);
      if (o == null) {
        wrong.add(key + ": no handler recorded it");
        wrongRequests.add(key);
        continue;
      }
      for (View v : o.views) {
        if (!v.hasScope() || v.info == null) {
          wrong.add(key + ": " + v.phase + " saw no request scope/RequestInfo");
        } else if (!key.equals(v.id())) {
          wrong.add(key + ": " + v.phase + " saw request " + v.id());
        } else if (!("tenant-" + i).equals(v.info.header(TENANT))) {
          wrong.add(key + ": " + v.phase + " saw X-Tenant " + v.info.header(TENANT));
        } else if (v.cancelled && !v.phase.equals(PHASE_FILTER_AFTER)) {
          wrong.add(key + ": " + v.phase + " saw its scope cancelled (" + v.cause + ") while handling");
        }
      }
      if (wrong.size() > wrongBefore) {
        wrongRequests.add(key);
      }
    }
    assertThat(wrong).as("[%s] %d of %d requests saw a wrong scope or answered a wrong id; first: %s",
        server.name(), wrongRequests.size(), total, wrong.subList(0, Math.min(10, wrong.size()))).isEmpty();

    List<String> notCompleted = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (String key : keys) {
      Observation o = Observations.find(key);
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      CancellationCause cause = o.awaitCause(left);
      if (cause != CancellationCause.REQUEST_COMPLETED) {
        notCompleted.add(key + ": " + cause);
      }
      checkedThisTest.add(o);
    }
    assertThat(notCompleted).as("[%s] %d requests whose scope was not cancelled with REQUEST_COMPLETED; first: %s",
        server.name(), notCompleted.size(), notCompleted.subList(0, Math.min(10, notCompleted.size()))).isEmpty();
  }

  @Test
  void requestsOnOneKeepAliveConnectionEachSeeTheirOwnScope() throws Exception {
    List<Observation> seen = new ArrayList<>();
    Set<RequestScope> scopes = Collections.newSetFromMap(new IdentityHashMap<>());
    try (RawHttp connection = new RawHttp(server.port())) {
      for (int i = 0; i < 9; i++) {
        String key = newKey("keepalive");
        String path = i % 3 == 0 ? SYNC : i % 3 == 1 && server.hasRedispatch() ? REDISPATCH : ASYNC;
        connection.sendGet(path, REQUEST_ID + ": " + key, TENANT + ": t" + i);
        Observation o = observed(key);
        if (path.equals(ASYNC)) {
          assertThat(o.awaitDispatchReturned(WAIT)).isTrue();
          o.release();
        }
        RawHttp.Response r = connection.readResponse();
        assertThat(r.status).as("status of %s #%d on the kept-alive connection", path, i).isEqualTo(200);
        View v = assertOwnScope(o, PHASE_HANDLER, key);
        assertThat(r.body).isEqualTo("id=" + key);
        assertThat(v.info.header(TENANT)).isEqualTo("t" + i);
        assertThat(scopes.add(v.scope)).as("request #%d (%s) got a scope an earlier request on the connection had",
            i, path).isTrue();
        seen.add(o);
      }
    }
    for (Observation o : seen) {
      assertCancelled(o, CancellationCause.REQUEST_COMPLETED, "after its response on the kept-alive connection");
    }
  }

  @Test
  void requestThreadKindMatchesTheConfiguration() throws Exception {
    String key = newKey("threads");
    assertThat(get(SYNC, key).statusCode()).isEqualTo(200);
    View v = observed(key).view(PHASE_HANDLER);
    assertThat(v).isNotNull();
    assertThat(v.virtualThread).as("[%s] the handler ran on a virtual thread (%s); virtual threads requested: %s",
        server.name(), v.thread, server.virtualThreads()).isEqualTo(server.virtualThreads());
  }

  private List<String> probeContainerThreads(int probes, Set<String> threads) throws InterruptedException {
    ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(probes);
    for (int i = 0; i < probes; i++) {
      server.containerThreads().execute(() -> {
        try {
          Thread t = Thread.currentThread();
          threads.add(t.getName());
          RequestScope s = RequestScope.current();
          RequestInfo info = RequestInfo.current();
          if (s != RequestScope.ROOT || info != null) {
            leaks.add(t.getName() + " holds " + (s == RequestScope.ROOT ? "ROOT" : s) + " / " + info);
          }
          Thread.sleep(20); // keeps this thread busy so the next probes land on other threads
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          done.countDown();
        }
      });
    }
    assertThat(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("probes ran on the container's threads").isTrue();
    return new ArrayList<>(leaks);
  }

}
