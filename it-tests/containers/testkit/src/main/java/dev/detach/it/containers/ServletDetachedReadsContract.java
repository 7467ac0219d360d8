package dev.detach.it.containers;

import static dev.detach.it.containers.Protocol.LEAK_HEADER;
import static dev.detach.it.containers.Protocol.LEAK_MARK;
import static dev.detach.it.containers.Protocol.OWN_HEADER;
import static dev.detach.it.containers.Protocol.REQUEST_ID;
import static dev.detach.it.containers.Protocol.UNSERVABLE_LATER;
import static dev.detach.it.containers.Protocol.WRITE_LATER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link DetachedReadsContract} plus what only a servlet request and response have: a detached task that uses
 * the response after completion is refused (an IllegalStateException, or the IOException of a gone client for an
 * output-stream write, naming the agent) and nothing it writes reaches any response, across a concurrent burst;
 * the body, a new session and async fail with an IllegalStateException that names the agent.
 */
public abstract class ServletDetachedReadsContract extends DetachedReadsContract {

  /** How long each write-later request is held before it is answered, so that the burst overlaps the tasks. */
  private static final int HOLD_MS = 50;
  private static final int UNSERVABLE_REQUESTS = 10;
  private static final List<String> RESPONSE_USES = List.of("setHeader", "getOutputStream().write", "getWriter().write");
  private static final List<String> UNSERVABLE_USES =
      List.of("getInputStream().read()", "getReader().read()", "getSession(true)", "startAsync()");

  @Test
  void detachedTasksCannotUseTheResponseAfterCompletion() throws Exception {
    List<HandOff> handOffs = HandOff.available();
    List<Sent> burst = burst("write", (i, key) ->
        WRITE_LATER + "?hold=" + HOLD_MS + "&handoff=" + handOffs.get(i % handOffs.size()).parameter());
    // A request the client saw fail may have no task to wait for (without the agent, a task's late write can break
    // the request that reuses the response); the agent runs require every request answered below.
    List<String> keys = new ArrayList<>();
    burst.forEach(s -> {
      if (s.failure == null) {
        keys.add(s.key);
      }
    });
    List<TaskReport> reports = TaskReports.await(keys, 1, REPORTS_WAIT);

    // What reached the client: a response that is not exactly its own "id=KEY", or carries the leak header.
    Tally responses = new Tally("responses");
    for (Sent s : burst) {
      if (s.failure != null) {
        responses.add("broken (client failed)", s.key + ": " + s.failure);
      } else {
        Optional<String> leakHeader = s.response.headers().firstValue(LEAK_HEADER);
        String body = s.response.body();
        if (leakHeader.isPresent() || body.contains(LEAK_MARK)) {
          responses.add("carried a task's header or bytes", s.key + ": " + LEAK_HEADER + "=" + leakHeader.orElse(null)
              + " body=" + body);
        } else if (s.response.statusCode() != 200 || !body.equals("id=" + s.key)) {
          responses.add("other wrong answer", s.key + ": " + s.response.statusCode() + " " + body);
        } else {
          responses.add("clean", s.key);
        }
      }
    }
    // What the tasks got: per use, the exception class or "no exception".
    Map<String, Tally> uses = new LinkedHashMap<>();
    RESPONSE_USES.forEach(u -> uses.put(u, new Tally(u)));
    for (TaskReport r : reports) {
      Map<String, Throwable> failures = r.failures();
      for (String use : RESPONSE_USES) {
        Throwable t = failures.get(use);
        uses.get(use).add(t == null ? "no exception" : t.getClass().getSimpleName(),
            r.key + " via " + r.handOff.parameter() + (t == null ? "" : ": " + TaskReport.describe(t)));
      }
    }
    List<Tally> all = new ArrayList<>(uses.values());
    all.add(responses);
    report("detached tasks use the response after completion (" + REQUESTS + " requests, " + IN_FLIGHT
        + " in flight, held " + HOLD_MS + " ms; " + reports.size() + " task reports)", all);

    if (!agentAttached()) {
      return; // the control is evidence only: some containers already refuse (Tomcat's recycled facade)
    }
    assertThat(reports.size()).as("[%s] task reports", server.name()).isEqualTo(REQUESTS);
    // Refused, naming the agent: IllegalStateException, or for a write to the output stream the IOException a
    // gone client gives (code that writes is ready for that one).
    List<String> notRefused = new ArrayList<>();
    for (TaskReport r : reports) {
      Map<String, Throwable> failures = r.failures();
      for (String use : RESPONSE_USES) {
        Throwable t = failures.get(use);
        boolean refused = (t instanceof IllegalStateException || t instanceof java.io.IOException)
            && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("detach");
        if (!refused) {
          notRefused.add(r.key + " " + use + ": " + (t == null ? "no exception" : TaskReport.describe(t)));
        }
      }
    }
    assertThat(notRefused).as("[%s] %d uses of the response after completion not refused with an exception naming"
        + " the agent; first: %s", server.name(), notRefused.size(), notRefused.subList(0, Math.min(6, notRefused.size())))
        .isEmpty();
    assertThat(responses.count("clean"))
        .as("[%s] responses that were exactly their own answer, without a task's header or bytes; %s",
            server.name(), responses)
        .isEqualTo(REQUESTS);
  }

  @Test
  void whatACompletedRequestCannotServeFailsClearly() throws Exception {
    List<TaskReport> reports = new ArrayList<>();
    Map<String, Tally> uses = new LinkedHashMap<>();
    for (int i = 0; i < UNSERVABLE_REQUESTS; i++) {
      String key = newKey("unservable");
      String user = Protocol.USERS.get(i % Protocol.USERS.size());
      // Its own connection, closed after the answer, and one request at a time.
      try (RawHttp connection = new RawHttp(server.port())) {
        connection.send("POST", UNSERVABLE_LATER, "payload-" + key, REQUEST_ID + ": " + key, OWN_HEADER + ": " + key,
            "Authorization: " + Protocol.basicAuthorization(user), "Content-Type: text/plain", "Connection: close");
        RawHttp.Response r = connection.readResponse();
        assertThat(r.status).as("[%s] status of POST %s", server.name(), UNSERVABLE_LATER).isEqualTo(200);
      } catch (java.io.IOException e) {
        if (agentAttached()) {
          throw e;
        }
        // Without the agent an earlier task's startAsync() on a pooled request object can leave the next
        // request that gets the object hanging (Tomcat with discardFacades=false): evidence, and the end of it.
        uses.computeIfAbsent("the request after " + i + " such tasks", Tally::new).add("failed", key + ": " + e);
        break;
      } finally {
        TaskReports.responded(key);
      }
      List<TaskReport> one = TaskReports.await(List.of(key), 1, Duration.ofSeconds(20));
      assertThat(one).as("[%s] the detached task of %s reported", server.name(), key).hasSize(1);
      reports.addAll(one);
    }
    for (TaskReport r : reports) {
      Map<String, Throwable> failures = r.failures();
      Map<String, String> values = r.values();
      for (String use : List.of("getInputStream().read()", "getReader().read()", "getSession(true)", "startAsync()",
          "getSession(false)", "header")) {
        Throwable t = failures.get(use);
        String outcome = t != null ? t.getClass().getSimpleName()
            : use.equals("header") ? (r.key.equals(values.get(use)) ? "own value" : "value " + values.get(use))
            : "returned " + values.get(use);
        uses.computeIfAbsent(use, Tally::new).add(outcome, t == null ? r.key : TaskReport.describe(t));
      }
    }
    report("what a completed request cannot serve, from a detached task (" + UNSERVABLE_REQUESTS + " POSTs)",
        uses.values());

    if (!agentAttached()) {
      return; // evidence only
    }
    List<String> unclear = new ArrayList<>();
    for (TaskReport r : reports) {
      Map<String, Throwable> failures = r.failures();
      for (String use : UNSERVABLE_USES) {
        Throwable t = failures.get(use);
        if (!(t instanceof IllegalStateException)
            || !String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("detach")) {
          unclear.add(r.key + " " + use + ": " + (t == null ? "no exception, returned " + r.values().get(use)
              : TaskReport.describe(t)));
        }
      }
      if (r.failures().containsKey("getSession(false)") || r.values().get("getSession(false)") != null) {
        unclear.add(r.key + " getSession(false) (no session was made): " + r);
      }
      if (!r.key.equals(r.values().get("header"))) {
        unclear.add(r.key + " header still readable: " + r);
      }
    }
    assertThat(unclear).as("[%s] %d uses of a completed request that did not fail with an IllegalStateException"
        + " naming the agent (or reads that did not answer as expected); first: %s", server.name(), unclear.size(),
        unclear.subList(0, Math.min(6, unclear.size()))).isEmpty();
  }
}
