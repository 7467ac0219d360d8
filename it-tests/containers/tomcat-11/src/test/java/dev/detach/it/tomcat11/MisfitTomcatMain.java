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
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
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
    Path base = Files.createTempDirectory("detach-it-misfit");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    Context ctx = tomcat.addContext("", base.toString());
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
    tomcat.start();
    try {
      int port = connector.getLocalPort();
      System.out.println("first " + get(port, "/probe"));
      System.out.println("async " + get(port, "/probe?async=1"));
      System.out.println("after " + get(port, "/probe"));
    } finally {
      tomcat.stop();
      tomcat.destroy();
    }
    System.out.println("DONE");
  }

  private static String get(int port, String path) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
    c.setConnectTimeout(10_000);
    c.setReadTimeout(30_000);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }
}
