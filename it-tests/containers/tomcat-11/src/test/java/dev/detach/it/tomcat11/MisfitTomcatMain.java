package dev.detach.it.tomcat11;

import dev.detach.RequestScope;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/**
 * Run by {@link TomcatMisfitTest} in a JVM of its own: an embedded Tomcat whose handler says whether its
 * request has a scope, asked three times over real HTTP: a plain request (while serving it, Tomcat loads
 * {@code AsyncContextImpl}, the class the test may have stripped of a method), one that goes async, and a plain
 * one again. Prints
 * {@code <label> scope} or {@code <label> no scope} per request, then {@code DONE}.
 */
public final class MisfitTomcatMain {

  private MisfitTomcatMain() {}

  public static void main(String[] args) throws Exception {
    LoopbackTomcat server = new LoopbackTomcat("detach-it-misfit");
    Context ctx = server.context;
    Tomcat.addServlet(ctx, "probe", new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String seen = RequestScope.current() == RequestScope.ROOT ? "no scope" : "scope";
        if (req.getParameter("async") != null) {
          AsyncContext async = req.startAsync();
          async.getResponse().getWriter().write(seen);
          async.complete();
        } else {
          resp.getWriter().write(seen);
        }
      }
    }).setAsyncSupported(true);
    ctx.addServletMappingDecoded("/probe", "probe");
    server.tomcat.start();
    try {
      System.out.println("first " + get(server.url() + "/probe"));
      System.out.println("async " + get(server.url() + "/probe?async=1"));
      System.out.println("after " + get(server.url() + "/probe"));
    } finally {
      server.tomcat.stop();
      server.tomcat.destroy();
    }
    System.out.println("DONE");
  }

  private static String get(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setConnectTimeout(10_000);
    c.setReadTimeout(30_000);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }
}
