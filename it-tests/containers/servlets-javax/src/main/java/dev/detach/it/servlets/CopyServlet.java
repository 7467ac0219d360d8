package dev.detach.it.servlets;

import dev.detach.RequestScope;
import dev.detach.it.containers.RequestCopyContract;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * {@link RequestCopyContract#PATH}: reads the request on the request thread, hands two tasks to a
 * pool, and answers. The tasks wait until the container completed the request, then read the request
 * object they hold again and record what they saw.
 */
public class CopyServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final ExecutorService POOL = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "copy-servlet-pool");
    t.setDaemon(true);
    return t;
  });

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String key = TestServlets.key(req);
    req.setAttribute("kept", "kept");
    req.setAttribute("own", "own-" + key);
    req.setAttribute("removed-by-task", "still here for others");
    if ("create".equals(req.getParameter("session"))) {
      req.getSession(true).setAttribute("cart", "3 items");
    }
    Map<String, String> results = new ConcurrentHashMap<>();
    reads(req, "live.", results);
    String sessionId = req.getSession(false) == null ? null : req.getSession(false).getId();
    RequestScope request = RequestScope.current();
    ServletOutputStream out = resp.getOutputStream();
    CountDownLatch firstDone = new CountDownLatch(1);
    POOL.execute(() -> {
      try {
        awaitCompletion(request);
        results.put("completed", Boolean.toString(request.isCancelled()));
        reads(req, "late.", results);
        req.setAttribute("set-by-task", "mine");
        results.put("task.own-set", String.valueOf(req.getAttribute("set-by-task")));
        req.removeAttribute("removed-by-task");
        results.put("task.own-removed", String.valueOf(req.getAttribute("removed-by-task")));
        results.put("refused.getInputStream", outcome(() -> req.getInputStream()));
        results.put("refused.getReader", outcome(() -> req.getReader()));
        results.put("refused.startAsync", outcome(() -> req.startAsync()));
        results.put("refused.response.getWriter", outcome(() -> resp.getWriter()));
        results.put("refused.response.setHeader", outcome(() -> {
          resp.setHeader("X-Late", "1");
          return null;
        }));
        results.put("refused.response.getStatus", outcome(() -> resp.getStatus()));
        results.put("refused.outputStream.write", outcome(() -> {
          out.write("written after completion".getBytes(java.nio.charset.StandardCharsets.UTF_8));
          return null;
        }));
        results.put("refused.outputStream.flush", outcome(() -> {
          out.flush();
          return null;
        }));
        HttpSession session = req.getSession(false);
        if (session == null) {
          results.put("refused.getSession(true)", outcome(() -> req.getSession(true)));
        } else {
          results.put("session.getAttribute(cart)", String.valueOf(session.getAttribute("cart")));
          results.put("session.id-same", Boolean.toString(session.getId().equals(sessionId)));
          results.put("session.setAttribute", outcome(() -> {
            session.setAttribute("cart", "empty");
            return null;
          }));
        }
      } catch (Throwable t) {
        results.put("task failed", t.toString());
      } finally {
        firstDone.countDown();
      }
    });
    POOL.execute(() -> {
      try {
        firstDone.await(15, TimeUnit.SECONDS);
        results.put("other.sees-set", String.valueOf(req.getAttribute("set-by-task")));
        results.put("other.sees-removed",
            req.getAttribute("removed-by-task") == null ? "null" : "kept");
      } catch (Throwable t) {
        results.put("other task failed", t.toString());
      } finally {
        RequestCopyContract.results(key).complete(new TreeMap<>(results));
      }
    });
    req.setAttribute("set-after-hand-off", "set before the response, after the hand-off");
    results.put("live.getAttribute(set-after-hand-off)", "set before the response, after the hand-off");
    TestServlets.answer(resp, key);
  }

  private static void awaitCompletion(RequestScope request) throws InterruptedException {
    for (int i = 0; i < 1000 && !request.isCancelled(); i++) {
      Thread.sleep(10);
    }
    Thread.sleep(50); // the container goes on recycling the request object after completion
  }

  /** Every read an application makes on a request, as text. */
  static void reads(HttpServletRequest r, String prefix, Map<String, String> out) {
    read(out, prefix + "getMethod", r::getMethod);
    read(out, prefix + "getRequestURI", r::getRequestURI);
    read(out, prefix + "getRequestURL", () -> String.valueOf(r.getRequestURL()));
    read(out, prefix + "getQueryString", r::getQueryString);
    read(out, prefix + "getContextPath", r::getContextPath);
    read(out, prefix + "getServletPath", r::getServletPath);
    read(out, prefix + "getPathInfo", r::getPathInfo);
    read(out, prefix + "getProtocol", r::getProtocol);
    read(out, prefix + "getScheme", r::getScheme);
    read(out, prefix + "isSecure", r::isSecure);
    read(out, prefix + "getServerName", r::getServerName);
    read(out, prefix + "getServerPort", r::getServerPort);
    read(out, prefix + "getRemoteAddr", r::getRemoteAddr);
    read(out, prefix + "getRemotePort", r::getRemotePort);
    read(out, prefix + "getLocalAddr", r::getLocalAddr);
    read(out, prefix + "getLocalPort", r::getLocalPort);
    read(out, prefix + "getContentType", r::getContentType);
    read(out, prefix + "getContentLength", r::getContentLength);
    read(out, prefix + "getCharacterEncoding", r::getCharacterEncoding);
    read(out, prefix + "getLocale", r::getLocale);
    read(out, prefix + "getLocales", () -> Collections.list(r.getLocales()));
    read(out, prefix + "getAuthType", r::getAuthType);
    read(out, prefix + "getRemoteUser", r::getRemoteUser);
    read(out, prefix + "getUserPrincipal", r::getUserPrincipal);
    read(out, prefix + "getRequestedSessionId", r::getRequestedSessionId);
    read(out, prefix + "getDispatcherType", r::getDispatcherType);
    read(out, prefix + "getServletContext", () -> r.getServletContext() == null ? null
        : "the context at " + r.getServletContext().getContextPath());
    read(out, prefix + "getHeader(X-Multi)", () -> r.getHeader("X-Multi"));
    read(out, prefix + "getHeader(x-multi)", () -> r.getHeader("x-multi"));
    read(out, prefix + "getHeaders(X-Multi)", () -> Collections.list(r.getHeaders("X-Multi")));
    read(out, prefix + "getHeader(absent)", () -> r.getHeader("X-Absent"));
    read(out, prefix + "getIntHeader(X-Number)", () -> r.getIntHeader("X-Number"));
    read(out, prefix + "getDateHeader(X-Date)", () -> r.getDateHeader("X-Date"));
    read(out, prefix + "getHeaderNames", () -> sortedLower(Collections.list(r.getHeaderNames())));
    read(out, prefix + "getParameter(colour)", () -> r.getParameter("colour"));
    read(out, prefix + "getParameterValues(colour)", () -> list(r.getParameterValues("colour")));
    read(out, prefix + "getParameter(empty)", () -> r.getParameter("empty"));
    read(out, prefix + "getParameterNames", () -> sorted(Collections.list(r.getParameterNames())));
    read(out, prefix + "getParameterMap", () -> {
      Map<String, String> m = new TreeMap<>();
      r.getParameterMap().forEach((k, v) -> m.put(k, list(v).toString()));
      return m;
    });
    read(out, prefix + "getAttribute(kept)", () -> r.getAttribute("kept"));
    read(out, prefix + "getAttribute(own)", () -> r.getAttribute("own"));
    read(out, prefix + "getAttribute(set-after-hand-off)", () -> r.getAttribute("set-after-hand-off"));
    read(out, prefix + "getAttributeNames(test)", () -> {
      List<String> names = new ArrayList<>();
      for (String n : Collections.list(r.getAttributeNames())) {
        if (n.equals("kept") || n.equals("removed-by-task")) {
          names.add(n);
        }
      }
      return sorted(names);
    });
    read(out, prefix + "getCookies", () -> {
      List<String> cookies = new ArrayList<>();
      Cookie[] cs = r.getCookies();
      if (cs != null) {
        for (Cookie c : cs) {
          cookies.add(c.getName() + "=" + c.getValue());
        }
      }
      return cookies;
    });
    read(out, prefix + "getSession(false)", () -> r.getSession(false) == null ? "null" : "a session");
  }

  private interface Read {
    Object get() throws Exception;
  }

  private static void read(Map<String, String> out, String name, Read read) {
    out.put(name, outcome(read));
  }

  private static String outcome(Read read) {
    try {
      return String.valueOf(read.get());
    } catch (Throwable t) {
      String message = String.valueOf(t.getMessage());
      return t.getClass().getSimpleName() + ": " + message.substring(0, Math.min(message.length(), 400));
    }
  }

  private static List<String> list(String[] values) {
    return values == null ? null : List.of(values);
  }

  private static List<String> sorted(List<String> l) {
    List<String> s = new ArrayList<>(l);
    Collections.sort(s);
    return s;
  }

  private static List<String> sortedLower(List<String> l) {
    List<String> s = new ArrayList<>();
    for (String n : l) {
      s.add(n.toLowerCase(java.util.Locale.ROOT));
    }
    Collections.sort(s);
    return s;
  }
}
