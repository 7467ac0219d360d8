package dev.detach.it.containers;

import static dev.detach.it.containers.Protocol.OTHER_AGENTS;
import static dev.detach.it.containers.Protocol.OWN_HEADER;
import static dev.detach.it.containers.Protocol.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Another agent beside Detach keeps doing its job: the OpenTelemetry Java agent's span in a task handed off from a
 * request belongs to the request's trace (the server span's trace id), and a TTL {@code TransmittableThreadLocal}
 * set on the request thread is seen by the task. Runs in the executions that attach the other agent
 * ({@code it.otherAgent=otel|ttl}), with Detach before or after it and, as the control, without Detach; with
 * Detach, the tasks also read their own request.
 */
public abstract class OtherAgentsContract extends ContainerContractBase {

  private static final int REQUESTS = 20;

  /**
   * Hand-offs OpenTelemetry does not carry its context into, without Detach as with it (the controls show it):
   * it instruments neither {@code Thread.start} nor {@code java.util.Timer}, and leaves periodic tasks without
   * the context of the code that scheduled them.
   */
  private static final Set<HandOff> OTEL_DOES_NOT_CARRY = Set.of(HandOff.NEW_THREAD, HandOff.TIMER, HandOff.PERIODIC);

  @Test
  void theOtherAgentStillCarriesItsContextIntoDetachedTasks() throws Exception {
    String agent = System.getProperty("it.otherAgent", "");
    Assumptions.assumeTrue(!agent.isEmpty(), "runs in the executions with another agent (it.otherAgent)");
    List<HandOff> handOffs = HandOff.available();
    Map<String, String> traces = new LinkedHashMap<>();
    for (int i = 0; i < REQUESTS; i++) {
      String key = newKey("other-" + agent);
      HttpResponse<String> r = send(request(OTHER_AGENTS).header(REQUEST_ID, key).header(OWN_HEADER, key).build());
      TaskReports.responded(key);
      assertThat(r.statusCode()).as("[%s] status of %s; %s", server.name(), key, r.body()).isEqualTo(200);
      String body = r.body();
      assertThat(body).as("[%s] answer", server.name()).startsWith("id=" + key + ";trace=");
      traces.put(key, body.substring(body.indexOf(";trace=") + ";trace=".length()));
    }
    List<TaskReport> reports = TaskReports.await(traces.keySet(), handOffs.size(), Duration.ofSeconds(30));

    List<String> wrong = new ArrayList<>();
    Map<HandOff, Integer> carried = new LinkedHashMap<>();
    for (TaskReport r : reports) {
      Map<String, String> v = r.values();
      String requestTrace = traces.get(r.key);
      boolean ok;
      String what;
      if (agent.equals("otel")) {
        ok = requestTrace.equals(v.get("trace"));
        what = "trace id " + v.get("trace") + ", the request's " + requestTrace;
        if (OTEL_DOES_NOT_CARRY.contains(r.handOff)) {
          continue;
        }
      } else {
        ok = r.key.equals(v.get("ttl"));
        what = "TTL value " + v.get("ttl");
      }
      if (ok) {
        carried.merge(r.handOff, 1, Integer::sum);
      } else {
        wrong.add(r.key + " via " + r.handOff.parameter() + ": " + what + " " + r.failures());
      }
      if (agentAttached() && !r.key.equals(v.get("header"))) {
        wrong.add(r.key + " via " + r.handOff.parameter() + ": read header " + v.get("header") + " " + r.failures());
      }
    }
    System.out.println("[" + server.name() + "] " + agent + (agentAttached() ? " with Detach" : " alone (control)")
        + ": tasks that carried the request's " + (agent.equals("otel") ? "trace" : "TTL value") + ", by hand-off "
        + carried + "; wrong: " + wrong.size());
    if (agent.equals("otel")) {
      assertThat(traces.values()).as("[%s] the OpenTelemetry agent made a server span for each request (a valid trace"
          + " id on the request thread)", server.name()).noneMatch(t -> t.matches("0+"));
    }
    assertThat(reports).as("[%s] task reports", server.name()).hasSize(REQUESTS * handOffs.size());
    assertThat(wrong).as("[%s] %s beside %s: tasks that did not carry the other agent's context, or did not read "
        + "their own request; first: %s", server.name(), agent, agentAttached() ? "Detach" : "nothing",
        wrong.subList(0, Math.min(6, wrong.size()))).isEmpty();
  }
}
