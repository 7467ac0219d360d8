package dev.detach.it.containers;

import static dev.detach.it.containers.Protocol.ORDINARY;
import static dev.detach.it.containers.Protocol.ORDINARY_SECURED;
import static dev.detach.it.containers.Protocol.OWN_HEADER;
import static dev.detach.it.containers.Protocol.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The agent at its default settings changes nothing that worked without it: a fixed series of requests whose
 * handlers do ordinary request-thread reads (headers, parameters, attributes, cookies, paths, addresses, locale,
 * content type, a form and a JSON body, a session made and read, async started and completed, BASIC
 * authentication, a detached task pending when the request completes) gives the same canonical dump with the
 * agent as without it.
 *
 * <p>Two surefire executions of the same class: {@code it.ordinaryReads=record} without the agent writes the
 * dump to {@code target/ordinary-reads/}; {@code it.ordinaryReads=compare} with the agent at its defaults runs
 * after it in the same build ({@code it.build}) and compares. Without {@code it.ordinaryReads} the test is
 * skipped (a {@code -Dtest=} run in another execution).
 */
public abstract class OrdinaryReadsContract extends ContainerContractBase {

  private static final Path DUMPS = Path.of("target", "ordinary-reads");
  private static final Pattern SESSION_COOKIE = Pattern.compile("(?i)(JSESSIONID=)([0-9A-Za-z._-]+)");

  @Test
  void ordinaryReadsGiveTheSameResultsWithAndWithoutTheAgent() throws Exception {
    String role = System.getProperty("it.ordinaryReads");
    assumeTrue(role != null, "runs in the no-agent (record) and agent-defaults (compare) executions only");
    String build = System.getProperty("it.build", "(no build id)");
    String dump = exchanges();
    assertSane(dump);

    Files.createDirectories(DUMPS);
    String file = server.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-");
    Path recorded = DUMPS.resolve(file + "-no-agent.txt");
    String header = "build " + build + "\n";
    if (role.equals("record")) {
      assertThat(agentAttached()).as("the record execution runs without the agent").isFalse();
      Files.writeString(recorded, header + dump, StandardCharsets.UTF_8);
      System.out.println("[" + server.name() + "] ordinary reads without the agent recorded in " + recorded);
      return;
    }
    assertThat(role).isEqualTo("compare");
    assertThat(agentAttached()).as("the compare execution runs with the agent").isTrue();
    Files.writeString(DUMPS.resolve(file + "-agent.txt"), header + dump, StandardCharsets.UTF_8);
    assertThat(recorded).as("[%s] the dump of the no-agent execution (it runs first in the same build)", server.name())
        .exists();
    String without = Files.readString(recorded, StandardCharsets.UTF_8);
    assertThat(without).as("[%s] the no-agent dump comes from this build (%s)", server.name(), recorded)
        .startsWith(header);
    assertThat(dump).as("[%s] ordinary reads with the agent (default settings) are what they are without it"
        + " (%s vs %s)", server.name(), DUMPS.resolve(file + "-agent.txt"), recorded)
        .isEqualTo(without.substring(header.length()));
    System.out.println("[" + server.name() + "] ordinary reads: identical with and without the agent ("
        + dump.lines().count() + " lines)");
  }

  /** The fixed series of exchanges; each one's status, response headers and body, normalized. */
  private String exchanges() throws Exception {
    StringBuilder d = new StringBuilder();
    d.append(exchange("plain", request(ORDINARY + "/plain/x?x=1&x=2&y=%C3%A9&own=o1")
        .header(REQUEST_ID, "ordinary-1").header(OWN_HEADER, "o1")
        .header("Accept", "text/plain").header("Accept", "text/html;q=0.5")
        .header("X-Int", "42").header("If-Modified-Since", "Tue, 15 Nov 1994 08:12:31 GMT")
        .header("Accept-Language", "de-CH, fr;q=0.8, en;q=0.5")
        .header("Cookie", "a=1; b=two")));
    d.append(exchange("form", request(ORDINARY + "/form?x=q")
        .header(REQUEST_ID, "ordinary-2")
        .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString("name=J%C3%BCrg&n=1&n=2&x=b"))));
    d.append(exchange("json", request(ORDINARY + "/json")
        .header(REQUEST_ID, "ordinary-3")
        .header("Content-Type", "application/json; charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString("{\"a\":[1,2],\"b\":\"\u00fc\"}", StandardCharsets.UTF_8))));
    HttpResponse<String> created = send(request(ORDINARY + "/session-create").header(REQUEST_ID, "ordinary-4").build());
    d.append(describe("session-create", created));
    Matcher session = SESSION_COOKIE.matcher(created.headers().firstValue("Set-Cookie").orElse(""));
    assertThat(session.find()).as("[%s] a session cookie was set: %s", server.name(), created.headers().map()).isTrue();
    d.append(exchange("session-read", request(ORDINARY + "/session-read")
        .header(REQUEST_ID, "ordinary-5").header("Cookie", "JSESSIONID=" + session.group(2))));
    d.append(exchange("async-container", request(ORDINARY + "/async-container").header(REQUEST_ID, "ordinary-6")));
    d.append(exchange("async-pool", request(ORDINARY + "/async-pool").header(REQUEST_ID, "ordinary-7")));
    d.append(exchange("secured", request(ORDINARY_SECURED + "?x=s").header(REQUEST_ID, "ordinary-8")
        .header("Authorization", Protocol.basicAuthorization(Protocol.USERS.get(0)))));
    d.append(exchange("secured-without-credentials", request(ORDINARY_SECURED).header(REQUEST_ID, "ordinary-9")));
    d.append(exchange("not-found", request("/nothing-here").header(REQUEST_ID, "ordinary-10")));
    // One connection: a request whose detached task is still pending when it completes (the agent takes its
    // copy then), and the next request on the same connection (Jetty and Tomcat reuse the objects); the task
    // reads only after that one was answered.
    try (RawHttp connection = new RawHttp(server.port())) {
      connection.sendGet(ORDINARY + "/handoff?until=ordinary-12", REQUEST_ID + ": ordinary-11");
      d.append(describe("handoff", connection.readResponse()));
      connection.sendGet(ORDINARY + "/after-handoff?x=after", REQUEST_ID + ": ordinary-12", OWN_HEADER + ": o12");
      d.append(describe("after-handoff on the same connection", connection.readResponse()));
    } finally {
      TaskReports.responded("ordinary-12");
    }
    return normalize(d.toString());
  }

  private String exchange(String name, HttpRequest.Builder request) throws Exception {
    return describe(name, send(request.build()));
  }

  private static String describe(String name, HttpResponse<String> r) {
    Map<String, String> headers = new TreeMap<>();
    r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(" | ", v)));
    return describe(name, r.statusCode(), headers, r.body());
  }

  private static String describe(String name, RawHttp.Response r) {
    return describe(name, r.status, new TreeMap<>(r.headers), r.body);
  }

  private static String describe(String name, int status, Map<String, String> headers, String body) {
    StringBuilder b = new StringBuilder("### ").append(name).append('\n').append("status ").append(status).append('\n');
    headers.forEach((k, v) -> {
      // Differ by nature from run to run: the date, and the length of a body that holds the port.
      if (!k.equals("date") && !k.equals("content-length")) {
        b.append("response ").append(k).append(": ").append(v).append('\n');
      }
    });
    return b.append(body).append(body.endsWith("\n") ? "" : "\n").toString();
  }

  private String normalize(String dump) {
    return SESSION_COOKIE.matcher(dump).replaceAll("$1(session id)")
        .replaceAll("\\b" + server.port() + "\\b", "PORT")
        // Identity hashes (Jetty names its 404 servlet with one): after '@' any length, since a hash prints
        // without leading zeros (one in eight has seven digits or fewer; "FormFields@affc6" made a run
        // fail); after '-' only six to eight digits, which leaves words like "x-ab" alone.
        .replaceAll("@[0-9a-f]{1,8}\\b", "@HASH")
        .replaceAll("-[0-9a-f]{6,8}\\b", "-HASH");
  }

  /** Checks that hold in every run, so that a run that breaks the handlers fails on its own too. */
  private void assertSane(String dump) {
    for (String expected : List.of("### plain\nstatus 200", "header x-int: [42]", "getIntHeader(X-Int): 42",
        "### form\nstatus 200", "parameterMap: {n=[1, 2], name=[J\u00fcrg], x=[q, b]}",
        "body: {\"a\":[1,2],\"b\":\"\u00fc\"}", "created: new=true", "read: new=false visits=1",
        "### secured\nstatus 200", "userPrincipal: " + Protocol.USERS.get(0), "isUserInRole(member): true",
        "### secured-without-credentials\nstatus 401", "### not-found\nstatus 404",
        "### after-handoff on the same connection\nstatus 200", "getHeader(x-own) (any case): o12")) {
      // Case-insensitive: containers keep or lower the case of header names.
      assertThat(dump.toLowerCase(Locale.ROOT)).as("[%s] the ordinary-reads dump holds \"%s\" (any case): %s",
          server.name(), expected, dump).contains(expected.toLowerCase(Locale.ROOT));
    }
  }
}
