package dev.detach.it.containers;

import static dev.detach.it.containers.Protocol.OWN_COOKIE;
import static dev.detach.it.containers.Protocol.OWN_HEADER;
import static dev.detach.it.containers.Protocol.OWN_PARAM;
import static dev.detach.it.containers.Protocol.READ_LATER;
import static dev.detach.it.containers.Protocol.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Detached tasks keep using the request object they captured after the container completed the request: with
 * the agent, every read answers the task's own request's value; without it (the control, the same class run
 * in a JVM without the agent) some do not. A line's test class extends this (servlet lines extend
 * {@link ServletDetachedReadsContract}); its handler for {@link Protocol#READ_LATER} starts one task per
 * {@link HandOff} and each task reports the header, parameter, attribute, cookie and principal it read.
 */
public abstract class DetachedReadsContract extends ContainerContractBase {

  /** Requests per burst, and how many are in flight at a time. */
  protected static final int REQUESTS = 200;
  protected static final int IN_FLIGHT = 32;
  /** How long a burst's tasks may take in all to report (they wait for the responses, then 50 to 250 ms). */
  protected static final Duration REPORTS_WAIT = Duration.ofSeconds(60);

  /** What a task's reads of its captured request amounted to. */
  protected enum Outcome {
    /** Every value was its own request's. */
    OWN,
    /** At least one value was another request's (another key, another user). */
    OTHER,
    /** No exception and no other request's value, but some value missing or wrong (null, stale). */
    MISSING,
    /** A read threw. */
    FAILED,
    /** The task never reported (within {@link #REPORTS_WAIT}). */
    NO_REPORT
  }

  /** One request of a burst. */
  protected static final class Sent {
    public final int index;
    public final String key;
    public final String user;
    final Future<HttpResponse<String>> future;
    public HttpResponse<String> response;
    public Throwable failure;

    Sent(int index, String key, String user, Future<HttpResponse<String>> future) {
      this.index = index;
      this.key = key;
      this.user = user;
      this.future = future;
    }
  }

  @Test
  void detachedTasksReadTheirOwnRequest() throws Exception {
    boolean mustAllBeOwn = agentAttached() || !failsWithoutTheAgent();
    // The control must show the bug, not any failure: every request answered 200 and every task reported, unless
    // the line declares that the bug itself breaks requests (it.control.bugBreaksRequests: Jetty 12 ee8/ee9, where a
    // task parsing the recycled request's cookies races the next request's parse of the connection's cookie cache).
    boolean allAnswered = mustAllBeOwn || !Boolean.getBoolean("it.control.bugBreaksRequests");
    Map<HandOff, Tally> tallies = readRound("read", REQUESTS, allAnswered, "");
    for (Tally t : tallies.values()) {
      assertThat(t.count(Outcome.NO_REPORT)).as("[%s] %s: tasks that never reported (a test fault, not the bug); %s",
          server.name(), t.name, t).isZero();
      if (mustAllBeOwn) {
        assertThat(t.count(Outcome.OWN))
            .as("[%s] %s: detached tasks that read their own request's header, parameter, attribute, cookie and"
                + " principal, of %d; %s", server.name(), t.name, REQUESTS, t)
            .isEqualTo(REQUESTS);
      } else {
        assertThat(t.count(Outcome.OWN))
            .as("[%s] control without the agent, %s: the failure the agent fixes shows (fewer than %d own reads); %s",
                server.name(), t.name, REQUESTS, t)
            .isLessThan(REQUESTS);
      }
    }
  }

  /**
   * The same reads while another process loads the machine ({@link Churn}: allocating threads, short-lived
   * threads, file writes), {@code it.underLoad.rounds} rounds (3 by default) of {@link #LOADED_REQUESTS}: a
   * loaded machine deschedules the thread that completes a request, so detached tasks read the live request next
   * to each other and next to the copy being taken. Every read must be the task's own. Agent runs only.
   * {@code -Dit.underLoad.churn=false} runs the rounds without the churn process, under a load of one's own.
   */
  @Test
  void detachedTasksReadTheirOwnRequestUnderLoad() throws Exception {
    Assumptions.assumeTrue(agentAttached(), "the under-load rounds check the agent; the control is the quiet run");
    int rounds = Integer.getInteger("it.underLoad.rounds", 3);
    List<String> wrong = new ArrayList<>();
    try (Churn churn = Boolean.parseBoolean(System.getProperty("it.underLoad.churn", "true")) ? Churn.start() : null) {
      for (int round = 1; round <= rounds; round++) {
        String label = "under load (" + (churn != null ? churn : "no churn process") + "), round " + round + " of "
            + rounds;
        Map<HandOff, Tally> tallies = readRound("load" + round, LOADED_REQUESTS, true, label);
        for (Tally t : tallies.values()) {
          if (t.count(Outcome.OWN) != LOADED_REQUESTS) {
            wrong.add("round " + round + ": " + t);
          }
        }
      }
    }
    assertThat(wrong).as("[%s] hand-offs whose detached tasks did not all read their own request under load",
        server.name()).isEmpty();
  }

  /** Requests per round of {@link #detachedTasksReadTheirOwnRequestUnderLoad}. */
  protected static final int LOADED_REQUESTS = 100;

  /**
   * One burst of {@code requests} reads ({@link Protocol#READ_LATER}): sends them, waits for the tasks' reports,
   * prints the figures and returns them per hand-off. With {@code mustAllBeAnswered}, every request must have
   * been answered 200 "id=KEY".
   */
  protected Map<HandOff, Tally> readRound(String scenario, int requests, boolean mustAllBeAnswered, String label)
      throws Exception {
    List<HandOff> handOffs = HandOff.available();
    List<Sent> burst = burst(scenario, requests, (i, key) -> READ_LATER + "?" + OWN_PARAM + "=" + key);
    List<String> unanswered = unanswered(burst);
    if (mustAllBeAnswered) {
      assertNoneUnanswered(unanswered);
    }
    // Without the agent a task that reads a recycled request can break the request that reuses the object
    // (Jetty 12 ee8: two threads parse one connection's cookie cache, the container answers 500): that is the
    // bug, so the control counts those requests' tasks as failed instead of waiting for them.
    Map<String, Sent> byKey = new LinkedHashMap<>();
    burst.forEach(s -> byKey.put(s.key, s));
    List<String> awaited = new ArrayList<>();
    for (Sent s : burst) {
      if (answeredOwn(s)) {
        awaited.add(s.key);
      }
    }
    List<TaskReport> reports = TaskReports.await(awaited, handOffs.size(), REPORTS_WAIT);

    Map<HandOff, Tally> tallies = new EnumMap<>(HandOff.class);
    handOffs.forEach(h -> tallies.put(h, new Tally(h.parameter())));
    Map<String, Tally> byRead = new LinkedHashMap<>();
    int beforeResponse = 0;
    for (TaskReport r : reports) {
      StringBuilder detail = new StringBuilder();
      Outcome o = classify(r, byKey, detail, byRead);
      tallies.get(r.handOff).add(o, r.key + ": " + detail);
      if (!r.afterResponse) {
        beforeResponse++;
      }
    }
    for (Sent s : burst) {
      for (HandOff h : handOffs) {
        if (!answeredOwn(s)) {
          tallies.get(h).add(Outcome.FAILED, s.key + ": the request itself was not answered 200 id=KEY");
        } else if (TaskReports.of(s.key).stream().noneMatch(r -> r.handOff == h)) {
          tallies.get(h).add(Outcome.NO_REPORT, s.key + ": no report");
        }
      }
    }
    report("detached tasks read the request they captured, after its response (" + requests + " requests, "
        + IN_FLIGHT + " in flight; reads that began before the client had the response: " + beforeResponse
        + "; requests not answered 200 id=KEY: " + unanswered.size()
        + (unanswered.isEmpty() ? "" : ", first: " + firstLine(unanswered.get(0))) + ")"
        + (label.isEmpty() ? "" : ", " + label), tallies.values());
    report("the same reads by what was read, all hand-offs together" + (label.isEmpty() ? "" : ", " + label),
        byRead.values());
    return tallies;
  }


  /**
   * Whether detached reads on this line fail without the agent, so that the control must show it. False for a
   * container that keeps a completed request readable (a new object per request, nothing cleared): there both
   * runs assert that every read is the task's own.
   */
  protected boolean failsWithoutTheAgent() {
    return true;
  }

  // ---- helpers for the scenarios -----------------------------------------------------------------

  /**
   * Sends {@code requests} GETs from {@link #IN_FLIGHT} client threads, each with its key as
   * {@code X-Request-Id}, {@link Protocol#OWN_HEADER} and {@link Protocol#OWN_COOKIE}, authenticated (BASIC) as
   * one of {@link Protocol#USERS} in turn; tells {@link TaskReports} of every response as it arrives. Returns
   * once every request was answered or failed.
   *
   * <p>Blocking {@code HttpClient.send} on threads of its own: {@code sendAsync} completes its futures on the
   * common pool, which the {@link HandOff#RUN_ASYNC} tasks keep busy while they wait for those very responses.
   */
  protected List<Sent> burst(String scenario, BiFunction<Integer, String, String> pathAndQuery) throws Exception {
    return burst(scenario, REQUESTS, pathAndQuery);
  }

  protected List<Sent> burst(String scenario, int requests, BiFunction<Integer, String, String> pathAndQuery)
      throws Exception {
    String prefix = newKey(scenario);
    ExecutorService clients = Executors.newFixedThreadPool(IN_FLIGHT);
    List<Sent> burst = new ArrayList<>();
    try {
      for (int i = 0; i < requests; i++) {
        String key = prefix + "-" + i;
        String user = Protocol.USERS.get(i % Protocol.USERS.size());
        HttpRequest request = request(pathAndQuery.apply(i, key))
            .header(REQUEST_ID, key)
            .header(OWN_HEADER, key)
            .header("Cookie", OWN_COOKIE + "=" + key)
            .header("Authorization", Protocol.basicAuthorization(user))
            .build();
        Future<HttpResponse<String>> f = clients.submit(() -> {
          try {
            return send(request);
          } finally {
            TaskReports.responded(key);
          }
        });
        burst.add(new Sent(i, key, user, f));
      }
      for (Sent s : burst) {
        try {
          s.response = s.future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          s.failure = e.getCause();
        } catch (TimeoutException e) {
          s.failure = e;
        }
      }
    } finally {
      clients.shutdownNow();
    }
    return burst;
  }

  /** Whether the request got exactly 200 "id=KEY". */
  protected static boolean answeredOwn(Sent s) {
    return s.failure == null && s.response.statusCode() == 200 && s.response.body().equals("id=" + s.key);
  }

  /** The requests of the burst not answered 200 "id=KEY", described. */
  protected static List<String> unanswered(List<Sent> burst) {
    List<String> wrong = new ArrayList<>();
    for (Sent s : burst) {
      if (s.failure != null) {
        wrong.add(s.key + ": " + s.failure);
      } else if (!answeredOwn(s)) {
        wrong.add(s.key + " as " + s.user + ": " + s.response.statusCode() + " " + s.response.body());
      }
    }
    return wrong;
  }

  /** Every request of the burst got 200 "id=KEY" (a 401 means the line's security setup is wrong). */
  protected void assertNoneUnanswered(List<String> unanswered) {
    assertThat(unanswered).as("[%s] requests not answered 200 id=KEY; first: %s", server.name(),
        unanswered.subList(0, Math.min(5, unanswered.size()))).isEmpty();
  }

  private static String firstLine(String s) {
    String oneLine = s.replaceAll("\\s+", " ");
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
  }

  /**
   * The values a task read compared with what its request carried and with the other requests'; also counts,
   * per read, what it gave ({@code byRead}).
   */
  private static Outcome classify(TaskReport r, Map<String, Sent> byKey, StringBuilder detail,
      Map<String, Tally> byRead) {
    Sent own = byKey.get(r.key);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("header", own.key);
    expected.put("parameter", own.key);
    expected.put("attribute", own.key);
    expected.put("cookie", own.key);
    expected.put("principal", own.user);
    Map<String, String> seen = r.values();
    Map<String, Throwable> failures = r.failures();
    boolean other = false;
    boolean missing = false;
    for (Map.Entry<String, String> e : expected.entrySet()) {
      Tally read = byRead.computeIfAbsent(e.getKey(), Tally::new);
      Throwable t = failures.get(e.getKey());
      if (t != null) {
        read.add(t.getClass().getSimpleName(), TaskReport.describe(t));
        continue;
      }
      String v = seen.get(e.getKey());
      if (e.getValue().equals(v)) {
        read.add(Outcome.OWN, r.key);
        continue;
      }
      boolean another = v != null && (e.getKey().equals("principal") ? Protocol.USERS.contains(v) : byKey.containsKey(v));
      read.add(another ? "another request's" : v == null ? "null" : "wrong", r.key + ": " + v);
      other |= another;
      missing |= !another;
      detail.append(e.getKey()).append('=').append(v).append(another ? " (another request's) " : " ");
    }
    if (!failures.isEmpty()) {
      detail.setLength(0);
      Map.Entry<String, Throwable> first = failures.entrySet().iterator().next();
      detail.append(first.getKey()).append(" threw ").append(TaskReport.describe(first.getValue()));
      if (failures.size() > 1) {
        detail.append(" (and ").append(failures.size() - 1).append(" more reads threw)");
      }
      return Outcome.FAILED;
    }
    return other ? Outcome.OTHER : missing ? Outcome.MISSING : Outcome.OWN;
  }

  /** Prints the figures of a scenario: per hand-off (or per use), the count of each outcome and examples. */
  protected void report(String scenario, Iterable<Tally> tallies) {
    StringBuilder b = new StringBuilder();
    b.append('[').append(server.name()).append("] ").append(scenario).append(", agent ")
        .append(agentAttached() ? "attached" : "NOT attached (control)").append(", Java ")
        .append(Runtime.version().feature()).append(server.virtualThreads() ? ", virtual request threads" : "")
        .append(":\n");
    for (Tally t : tallies) {
      b.append("    ").append(t).append('\n');
    }
    System.out.print(b);
  }

  /** Counts of outcomes (or of any labels) with a few examples each. */
  protected static final class Tally {
    final String name;
    private final Map<Object, Integer> counts = new LinkedHashMap<>();
    private final Map<Object, List<String>> examples = new LinkedHashMap<>();

    public Tally(String name) {
      this.name = name;
    }

    public synchronized void add(Object outcome, String example) {
      counts.merge(outcome, 1, Integer::sum);
      List<String> e = examples.computeIfAbsent(outcome, k -> new ArrayList<>());
      if (e.size() < 2) {
        e.add(example);
      }
    }

    public synchronized int count(Object outcome) {
      return counts.getOrDefault(outcome, 0);
    }

    public synchronized int total() {
      return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public synchronized String toString() {
      StringBuilder b = new StringBuilder(name).append(": ");
      counts.forEach((k, v) -> b.append(k).append(' ').append(v).append(", "));
      b.append("of ").append(total());
      examples.forEach((k, v) -> {
        if (!k.equals(Outcome.OWN)) {
          b.append("; ").append(k).append(" e.g. ").append(v);
        }
      });
      return b.toString();
    }
  }
}
