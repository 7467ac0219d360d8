package dev.detach.it.containers;

import static dev.detach.it.containers.Protocol.LIVE_READ_RACE;
import static dev.detach.it.containers.Protocol.OWN_COOKIE;
import static dev.detach.it.containers.Protocol.OWN_PARAM;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The interleavings that made detached reads come back null under load, made to happen every time: containers
 * parse a request's parameters and cookies lazily, on the first read, without a lock, and publish a half-made
 * value on the way (Tomcat marks parameters parsed before it parses them, Jetty stores an empty map before it
 * decodes into it). A detached task reading next to another detached task, or next to the copy the agent takes at
 * completion, read that half-made value. The agent's test-only pause hook ({@link LivePauses}) stops one thread in
 * the middle of the container's parse; the other then reads.
 *
 * <p>Each scenario runs for the request's parameter and for its cookie, where the line parses that lazily (the
 * line's {@code it.pause.parameter} / {@code it.pause.cookie}; a line without such a parse skips, saying so).
 * Agent runs only: without the agent there is no copy and no detached task to order.
 */
public abstract class LiveReadRacesContract extends ContainerContractBase {

  /** How long the other read gets alone before the paused thread is let go. */
  private static final long ALONE_MS = 1_000;
  /** How long the container gets to complete the request while a task's read is paused in it. */
  private static final long COMPLETION_MS = 500;

  @BeforeEach
  void agentOnly() {
    Assumptions.assumeTrue(agentAttached(), "the read races are ordered by the agent; nothing to test without it");
    LivePauses.reset();
  }

  @AfterEach
  void letGo() {
    LivePauses.release(); // a failed test must not leave a container or task thread paused
  }

  /** Two detached tasks read a live request: A's read is paused half-way through the container's parse; B reads. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"parameter", "cookie"})
  void aDetachedReadNextToAnotherOneSeesTheWholeValue(String read) throws Exception {
    String point = pausePoint(read);
    String key = newKey("race-two-" + read);
    LivePauses.arm(LivePauses.DETACHED_TASK, point);
    HttpResponse<String> r = send(key, "two-reads", read);
    String reached = LivePauses.awaitReached(Duration.ZERO);
    print("two detached reads", read, reached, r.body());
    assertThat(r.statusCode()).as("[%s] status; body %s", server.name(), r.body()).isEqualTo(200);
    assertThat(reached).as("[%s] task A paused in %s", server.name(), point).isNotNull();
    assertThat(r.body())
        .as("[%s] what detached tasks A (paused in %s, request live) and B (reading meanwhile) read of the %s",
            server.name(), point, read)
        .isEqualTo("id=a=" + key + "&b=" + key);
  }

  /** A detached task reads while the container's completion is paused half-way through parsing, for the copy. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"parameter", "cookie"})
  void aDetachedReadNextToTheCopySeesTheWholeValue(String read) throws Exception {
    // The copy pauses once the response is out; the task reads as soon as it has paused.
    pauseThenRead("copy", LivePauses.COPY, read, WAIT, ALONE_MS,
        "a detached task read while the copy was being taken");
  }

  /** A detached task's read is paused half-way through the container's parse while the request completes. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"parameter", "cookie"})
  void aDetachedReadUnderWayAtCompletionSeesItsOwnValue(String read) throws Exception {
    // The handler answers once the task's read has paused: the pause is reached before the response.
    pauseThenRead("completion", LivePauses.DETACHED_TASK, read, Duration.ZERO, COMPLETION_MS,
        "a detached task read while the container completed the request");
  }

  /**
   * Arms a pause for {@code kind} at the line's point for {@code read}, sends the {@code scenario} request, waits
   * up to {@code reachWait} for the pause, gives the other side {@code otherMs} (the read waits for the paused one
   * with the agent), releases, and asserts the task's read was its own request's.
   */
  private void pauseThenRead(String scenario, String kind, String read, Duration reachWait, long otherMs, String what)
      throws Exception {
    String point = pausePoint(read);
    String key = newKey("race-" + scenario + "-" + read);
    LivePauses.arm(kind, point);
    HttpResponse<String> r = send(key, scenario, read);
    assertThat(r.statusCode()).as("[%s] status; body %s", server.name(), r.body()).isEqualTo(200);
    CompletableFuture<String> result = LivePauses.result(key);
    String reached = LivePauses.awaitReached(reachWait);
    giveTime(result, otherMs);
    LivePauses.release();
    String value = result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    print(what, read, reached, value);
    assertThat(reached).as("[%s] a %s thread paused in %s", server.name(), kind, point).isNotNull();
    assertThat(value).as("[%s] the %s %s (paused in %s)", server.name(), read, what, reached).isEqualTo(key);
  }

  private void print(String scenario, String read, String reached, String got) {
    System.out.println("[" + server.name() + "] " + scenario + ", " + read + ": paused in " + reached + "; read "
        + got);
  }

  private String pausePoint(String read) {
    String point = LivePauses.point(read);
    Assumptions.assumeTrue(point != null, "[" + server.name() + "] does not parse the request's " + read
        + " lazily on a detached task's path (see the line's pom)");
    assertThat(LivePauses.agentPauses(point))
        .as("[%s] the JVM's -Ddev.detach.test.pause-at names %s", server.name(), point).isTrue();
    return point;
  }

  private HttpResponse<String> send(String key, String scenario, String read) throws Exception {
    return send(request(LIVE_READ_RACE + "?scenario=" + scenario + "&read=" + read + "&" + OWN_PARAM + "=" + key)
        .header(Protocol.REQUEST_ID, key)
        .header("Cookie", OWN_COOKIE + "=" + key)
        .build());
  }

  /** Waits up to {@code ms} for {@code result}: the time the other side gets before the pause ends. */
  private static void giveTime(CompletableFuture<String> result, long ms) throws Exception {
    try {
      result.get(ms, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // still waiting: with the agent the read waits for the paused one
    }
  }
}
