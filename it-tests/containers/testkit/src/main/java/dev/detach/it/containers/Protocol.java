package dev.detach.it.containers;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * What the test and the handlers agree on: paths, headers, phases. Every line maps the same paths to
 * handlers with the same behaviour (servlets for the servlet lines, small core handlers for Jetty 12 core
 * and Undertow core).
 */
public final class Protocol {

  /** The request id header the agent is configured with ({@code request.id.headers}). */
  public static final String REQUEST_ID = "X-Request-Id";
  /** The observation key when the request has no {@link #REQUEST_ID} (generated-id scenario). */
  public static final String TEST_KEY = "X-Test-Key";
  /** A header the agent is configured to keep ({@code request.headers}). */
  public static final String TENANT = "X-Tenant";

  /** Synchronous: records, optionally sleeps ({@code ?sleep=MS}) and records again, answers "id=ID". */
  public static final String SYNC = "/sync";
  /** Async: starts async, completes from another thread when the test releases it; answers "id=ID". */
  public static final String ASYNC = "/async";
  /** Async re-dispatch: starts async, dispatches back from another thread; the re-dispatch answers. */
  public static final String REDISPATCH = "/redispatch";
  /** Async timeout: starts async with a 200 ms timeout and never completes. */
  public static final String TIMEOUT = "/timeout";
  /** Streams chunks until a write fails (the client went away), on the request thread. */
  public static final String STREAM = "/stream";
  /** Streams chunks from another thread after starting async, until a write fails, then completes. */
  public static final String STREAM_ASYNC = "/stream-async";

  /** Waits until its scope is cancelled (at most {@link #SLOW_MAX_MS}), records again, answers. */
  public static final String SLOW = "/slow";
  public static final long SLOW_MAX_MS = 5_000;

  /**
   * Paths under this prefix need HTTP BASIC authentication, done by the container's own security (Tomcat realm
   * and authenticator valve, Jetty ConstraintSecurityHandler, Undertow LoginConfig), by one of {@link #USERS}.
   */
  public static final String SECURED = "/secured";
  /** The realm name the lines' security uses. */
  public static final String REALM = "detach-it";
  /** The role every user has and the secured paths require. */
  public static final String ROLE = "member";
  /** The users the containers know; several, so that principals differ between requests. */
  public static final List<String> USERS =
      List.of("ada", "bob", "cy", "dee", "eve", "fay", "gus", "hal", "ivy", "jo", "kai", "lu");

  /**
   * Hands the request to a detached task per {@link HandOff} ({@code ?handoff=NAME} for one only), answers at
   * once; each task reads {@link #OWN_HEADER}, {@link #OWN_PARAM}, {@link #OWN_ATTRIBUTE}, {@link #OWN_COOKIE}
   * and the principal through the request object it captured, after the response, into {@link TaskReports}.
   */
  public static final String READ_LATER = SECURED + "/read-later";
  /** Answers after {@code ?hold=MS}; a detached task then uses the response object (see {@link TaskReports}). */
  public static final String WRITE_LATER = SECURED + "/write-later";
  /** Answers without reading the body; a detached task then tries what a completed request cannot serve. */
  public static final String UNSERVABLE_LATER = SECURED + "/unservable-later";
  /**
   * Detached tasks read the request's parameter or cookie while the container is half-way through parsing it
   * (see {@code LiveReadRaceServlet}, {@link LivePauses}).
   */
  public static final String LIVE_READ_RACE = "/live-read-race";
  /** What another agent (OpenTelemetry, TTL) carries into detached tasks beside Detach (see {@code OtherAgentsServlet}). */
  public static final String OTHER_AGENTS = "/other-agents";
  /** Ordinary reads on the request thread, answered as a canonical dump ({@code /ordinary/CASE}). */
  public static final String ORDINARY = "/ordinary";
  /** The same, authenticated. */
  public static final String ORDINARY_SECURED = SECURED + "/ordinary";

  /** The per-request values the detached readers look for; each request sends its key in all of them. */
  public static final String OWN_HEADER = "X-Own";
  public static final String OWN_PARAM = "own";
  public static final String OWN_ATTRIBUTE = "it.own";
  public static final String OWN_COOKIE = "it-own";
  /** What a detached task writes into the response it holds; no response may ever carry it. */
  public static final String LEAK_HEADER = "X-Leak";
  public static final String LEAK_MARK = "LEAK-";

  /** Phases a handler records (a line without filters or re-dispatch never records some). */
  public static final String PHASE_FILTER = "filter";
  public static final String PHASE_FILTER_AFTER = "filter-after";
  public static final String PHASE_HANDLER = "handler";
  public static final String PHASE_HANDLER_AGAIN = "handler-again";
  public static final String PHASE_REDISPATCH = "redispatch";

  /** The async timeout the timeout handler sets. */
  public static final long ASYNC_TIMEOUT_MS = 200;
  /** How long a streaming handler writes at most when no write fails. */
  public static final long STREAM_MAX_MS = 15_000;
  public static final int STREAM_CHUNK = 1024;

  private static final Method IS_VIRTUAL = lookUpIsVirtual();

  private Protocol() {}

  /** The key a handler records under: the request id header, else the test key header. */
  public static String key(String requestIdHeader, String testKeyHeader) {
    if (requestIdHeader != null && !requestIdHeader.isEmpty()) {
      return requestIdHeader;
    }
    return testKeyHeader;
  }

  /** The body a handler answers with: the request id it saw. */
  public static byte[] body(String seenId) {
    return ("id=" + seenId).getBytes(StandardCharsets.UTF_8);
  }

  /** A chunk a streaming handler writes. */
  public static byte[] chunk() {
    byte[] b = new byte[STREAM_CHUNK];
    java.util.Arrays.fill(b, (byte) 'x');
    return b;
  }

  /** The password of one of {@link #USERS}. */
  public static String password(String user) {
    return "pw-" + user;
  }

  /** The Authorization header value for {@code user} (preemptive BASIC). */
  public static String basicAuthorization(String user) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (user + ":" + password(user)).getBytes(StandardCharsets.UTF_8));
  }

  /** The value of {@code name} in a raw query string, or null. */
  public static String queryParam(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String n = eq < 0 ? pair : pair.substring(0, eq);
      if (n.equals(name)) {
        return eq < 0 ? "" : pair.substring(eq + 1);
      }
    }
    return null;
  }

  /** Whether the line runs its requests on virtual threads: {@code -Dit.virtualThreads=true} (JDK 25 runs). */
  public static boolean virtualThreadsRequested() {
    return Boolean.getBoolean("it.virtualThreads");
  }

  /** {@code Thread.isVirtual()}, called reflectively: the tests compile for Java 17. */
  public static boolean isVirtual(Thread t) {
    if (IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (Boolean) IS_VIRTUAL.invoke(t);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code Executors.newVirtualThreadPerTaskExecutor()}, for lines whose virtual threads come from an executor. */
  public static ExecutorService newVirtualThreadPerTaskExecutor() {
    try {
      return (ExecutorService) java.util.concurrent.Executors.class
          .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("virtual threads need JDK 21+; this is " + Runtime.version(), e);
    }
  }

  /** Virtual-thread executor when requested, else null (the line's default threads). */
  public static Executor requestExecutorOrNull() {
    return virtualThreadsRequested() ? newVirtualThreadPerTaskExecutor() : null;
  }

  private static Method lookUpIsVirtual() {
    try {
      return Thread.class.getMethod("isVirtual");
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
