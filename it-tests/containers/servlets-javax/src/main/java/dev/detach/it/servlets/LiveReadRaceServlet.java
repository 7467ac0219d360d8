package dev.detach.it.servlets;

import dev.detach.it.containers.LivePauses;
import dev.detach.it.containers.Protocol;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@link Protocol#LIVE_READ_RACE}: detached tasks read the request's parameter or cookie ({@code ?read=}) while
 * the container is in the middle of parsing it, as the test armed with {@link LivePauses}
 * ({@code ?scenario=}):
 * <ul>
 *   <li>{@code two-reads}: task A's read pauses in the parse while the request is live; task B then reads the
 *       same value. The handler waits for both and answers "a=VALUE&b=VALUE".
 *   <li>{@code copy}: answers at once; the container's completion pauses in the parse as it copies the
 *       request; the task reads then.
 *   <li>{@code completion}: the task's read pauses in the parse; the handler answers once it paused, so the
 *       container completes the request while the read is under way.
 * </ul>
 * The last two report through {@link LivePauses#result}. Reads the raw query only on the request thread, so that
 * the tasks are the first to parse.
 */
public class LiveReadRaceServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** How long task B gets before A is released (with the agent B waits for A; without, B reads at once). */
  private static final long B_ALONE_MS = 1_000;

  private static final ExecutorService TASKS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "it-live-race");
    t.setDaemon(true);
    return t;
  });

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String key = TestServlets.key(req);
    String query = req.getQueryString();
    String scenario = Protocol.queryParam(query, "scenario");
    Function<HttpServletRequest, String> read =
        "cookie".equals(Protocol.queryParam(query, "read")) ? LiveReadRaceServlet::ownCookie
            : r -> r.getParameter(Protocol.OWN_PARAM);
    CompletableFuture<String> result = LivePauses.result(key);
    switch (String.valueOf(scenario)) {
      case "two-reads": {
        CompletableFuture<String> a = new CompletableFuture<>();
        CompletableFuture<String> b = new CompletableFuture<>();
        TASKS.execute(() -> complete(a, () -> read.apply(req)));
        TASKS.execute(() -> complete(b, () -> LivePauses.awaitReached(WAIT) == null
            ? "task A did not pause" : read.apply(req)));
        try {
          b.get(B_ALONE_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // B waits for A's read to end
        } catch (Exception e) {
          // reported below
        }
        LivePauses.release();
        TestServlets.answer(resp, "a=" + value(a) + "&b=" + value(b));
        return;
      }
      case "copy":
        TASKS.execute(() -> complete(result, () -> LivePauses.awaitReached(WAIT) == null
            ? "the completion did not pause" : read.apply(req)));
        TestServlets.answer(resp, key);
        return;
      case "completion":
        TASKS.execute(() -> complete(result, () -> read.apply(req)));
        if (LivePauses.awaitReached(WAIT) == null) {
          result.complete("the task's read did not pause");
        }
        TestServlets.answer(resp, key);
        return;
      default:
        resp.sendError(400, "scenario=" + scenario);
    }
  }

  private static String ownCookie(HttpServletRequest req) {
    Cookie[] cookies = req.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (c.getName().equals(Protocol.OWN_COOKIE)) {
          return c.getValue();
        }
      }
    }
    return null;
  }

  private interface Read {
    String get() throws Exception;
  }

  private static void complete(CompletableFuture<String> f, Read read) {
    try {
      f.complete(read.get());
    } catch (Throwable t) {
      f.complete("threw " + t);
    }
  }

  private static String value(CompletableFuture<String> f) {
    try {
      return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      return "no answer: " + e;
    }
  }
}
