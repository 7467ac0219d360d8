package dev.detach.it.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * What a detached task reads through the servlet request object it holds after the request completed:
 * every read the application could make on the request thread gives the same answer (the request's own
 * values, attributes as at completion), attribute changes stay with the task that made them, and what
 * cannot be served after completion (body, new session, async, the response) fails with an
 * {@code IllegalStateException} naming Detach.
 *
 * <p>The servlet ({@code CopyServlet}) records the reads on the request thread, hands two detached
 * tasks to a pool, and answers; the tasks wait until the request's scope is cancelled (the container
 * completed it) and read again. Without the agent these reads fail or return other data, so every
 * test here fails without it.
 */
public abstract class RequestCopyContract extends ContainerContractBase {

  /** The servlet's path. */
  public static final String PATH = "/copy";

  /** What the request thread and the tasks read, by request key: "live.", "late." and "other." entries. */
  public static final Map<String, CompletableFuture<Map<String, String>>> RESULTS = new ConcurrentHashMap<>();

  public static CompletableFuture<Map<String, String>> results(String key) {
    return RESULTS.computeIfAbsent(key, k -> new CompletableFuture<>());
  }

  private Map<String, String> run(String key, String query, String... extraHeaders) throws Exception {
    String[] headers = concat(new String[] {
      "X-Multi", "first", "X-Multi", "second", "X-Number", "42", "X-Date", "Tue, 15 Nov 1994 08:12:31 GMT",
      "Cookie", "flavour=oat; size=large", "Accept-Language", "de-CH, en;q=0.5"
    }, extraHeaders);
    HttpResponse<String> response = get(PATH + "?" + query, key, headers);
    assertThat(response.statusCode()).as("[%s] response", server.name()).isEqualTo(200);
    return await(results(key), "the detached tasks' reads");
  }

  @Test
  void everyReadGivesTheRequestsOwnAnswerAfterCompletion() throws Exception {
    String key = newKey("copy-reads");
    Map<String, String> r = run(key, "colour=red&colour=blue&size=xl&empty=");
    assertThat(r.get("completed")).as("[%s] the tasks read after completion", server.name()).isEqualTo("true");
    Map<String, String> live = with(r, "live.");
    Map<String, String> late = with(r, "late.");
    assertThat(live).as("[%s] request-thread reads", server.name()).isNotEmpty();
    assertThat(late).as("[%s] detached reads after completion equal the request thread's", server.name())
        .isEqualTo(live);
    assertThat(late.get("getHeader(X-Multi)")).isEqualTo("first");
    assertThat(late.get("getParameterValues(colour)")).isEqualTo("[red, blue]");
    assertThat(late.get("getIntHeader(X-Number)")).isEqualTo("42");
    assertThat(late.get("getDateHeader(X-Date)")).isEqualTo("784887151000");
    assertThat(late.get("getCookies")).isEqualTo("[flavour=oat, size=large]");
  }

  /**
   * Many requests at once, each with its own header, cookie, query and attribute values: a copy taken from the
   * wrong request (another request on the same reused object, say) shows as a late read that differs from the
   * request thread's.
   */
  @Test
  void concurrentRequestsEachReadTheirOwnCopy() throws Exception {
    int n = 30;
    Map<String, CompletableFuture<HttpResponse<String>>> sent = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String key = newKey("copy-concurrent-" + i);
      sent.put(key, sendAsync(PATH + "?colour=red-" + i + "&colour=blue-" + i + "&size=s" + i, key,
          "X-Multi", "first-" + i, "X-Multi", "second-" + i, "X-Number", Integer.toString(i),
          "Cookie", "flavour=oat-" + i + "; size=size-" + i, "Accept-Language", i % 2 == 0 ? "de-CH" : "fr-FR"));
    }
    List<String> wrong = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, CompletableFuture<HttpResponse<String>>> e : sent.entrySet()) {
      String key = e.getKey();
      assertThat(await(e.getValue(), "the response of " + key).statusCode()).as("[%s] %s", server.name(), key)
          .isEqualTo(200);
      Map<String, String> r = await(results(key), "the detached tasks' reads of " + key);
      Map<String, String> live = with(r, "live.");
      Map<String, String> late = with(r, "late.");
      if (!late.equals(live)) {
        wrong.add(key + ": differs in " + differences(live, late));
      }
      if (!("first-" + i).equals(late.get("getHeader(X-Multi)")) || !("own-" + key).equals(late.get("getAttribute(own)"))
          || !("[flavour=oat-" + i + ", size=size-" + i + "]").equals(late.get("getCookies"))) {
        wrong.add(key + ": late header/attribute/cookies " + late.get("getHeader(X-Multi)") + " / "
            + late.get("getAttribute(own)") + " / " + late.get("getCookies"));
      }
      i++;
    }
    assertThat(wrong).as("[%s] concurrent requests whose detached tasks did not read their own copy; first: %s",
        server.name(), wrong.subList(0, Math.min(3, wrong.size()))).isEmpty();
  }

  private static String differences(Map<String, String> live, Map<String, String> late) {
    StringBuilder b = new StringBuilder();
    live.forEach((k, v) -> {
      if (!Objects.equals(v, late.get(k))) {
        b.append(k).append(": ").append(v).append(" -> ").append(late.get(k)).append("; ");
      }
    });
    return b.toString();
  }

  @Test
  void attributesAreAsAtCompletionAndATasksChangesAreItsOwn() throws Exception {
    String key = newKey("copy-attributes");
    Map<String, String> r = run(key, "x=1");
    assertThat(r.get("late.getAttribute(set-after-hand-off)")).as("[%s]", server.name())
        .isEqualTo("set before the response, after the hand-off");
    assertThat(r.get("task.own-set")).as("[%s] the task's setAttribute", server.name()).isEqualTo("mine");
    assertThat(r.get("task.own-removed")).as("[%s] the task's removeAttribute", server.name()).isEqualTo("null");
    assertThat(r.get("other.sees-set")).as("[%s] another task does not see the first one's change", server.name())
        .isEqualTo("null");
    assertThat(r.get("other.sees-removed")).as("[%s]", server.name()).isEqualTo("kept");
  }

  @Test
  void whatCannotBeServedFailsClearly() throws Exception {
    String key = newKey("copy-refusals");
    Map<String, String> r = run(key, "x=1");
    for (String call : new String[] {"getInputStream", "getReader", "startAsync", "getSession(true)",
        "response.getWriter", "response.setHeader", "response.getStatus"}) {
      assertThat(r.get("refused." + call)).as("[%s] %s after completion", server.name(), call)
          .startsWith("IllegalStateException: Detach: ");
    }
    for (String call : new String[] {"outputStream.write", "outputStream.flush"}) {
      assertThat(r.get("refused." + call)).as("[%s] %s after completion: fails like a gone client", server.name(), call)
          .startsWith("IOException: Detach: ");
    }
    assertThat(r.get("late.getSession(false)")).as("[%s] no session", server.name()).isEqualTo("null");
    // The next request (likely on the same kept-alive connection) gets nothing the late task wrote.
    String next = newKey("copy-after-refusals");
    HttpResponse<String> response = get(PATH + "?x=2", next);
    assertThat(response.body()).as("[%s] the next response", server.name()).doesNotContain("after completion");
    await(results(next), "the next request's tasks");
  }

  @Test
  void theSessionIsAReadOnlyCopy() throws Exception {
    String key = newKey("copy-session");
    Map<String, String> r = run(key, "session=create");
    assertThat(r.get("session.getAttribute(cart)")).as("[%s]", server.name()).isEqualTo("3 items");
    assertThat(r.get("session.id-same")).as("[%s] the session id", server.name()).isEqualTo("true");
    assertThat(r.get("session.setAttribute")).as("[%s]", server.name())
        .startsWith("IllegalStateException: Detach: ");
  }

  private static Map<String, String> with(Map<String, String> all, String prefix) {
    Map<String, String> m = new java.util.TreeMap<>();
    all.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        m.put(k.substring(prefix.length()), v);
      }
    });
    return m;
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
