package dev.detach.it.containers;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
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
