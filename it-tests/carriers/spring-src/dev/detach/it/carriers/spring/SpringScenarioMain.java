package dev.detach.it.carriers.spring;

import dev.detach.it.containers.RawHttp;
import dev.detach.it.support.Bounded;
import dev.detach.it.support.Gate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Runs in a JVM that {@link SpringRequestContextTest} starts, with or without the agent: a real
 * DispatcherServlet on embedded Tomcat (11 with Spring 6, 9 with Spring 5). Each request to {@code /work?id=ID} hands work to an
 * {@code @Async} method and answers; the client reads the answer and sends {@code /other} on the same
 * connection (so Tomcat has recycled and reused the request object), and only then lets the task look.
 * Prints {@code TASK ID | what the task saw}, {@code AFTER | the async thread's RequestContextHolder after
 * the tasks}, {@code DESTROYED serial=count} for every request-scoped bean, then {@code DONE}.
 */
public final class SpringScenarioMain {

  static final int REQUESTS = 20;

  private SpringScenarioMain() {}

  public static void main(String[] args) throws Exception {
    Path base = Files.createTempDirectory("detach-it-spring");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    Context ctx = tomcat.addContext("", base.toString());
    AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
    spring.register(SpringApp.class);
    Tomcat.addServlet(ctx, "dispatcher", new DispatcherServlet(spring)).setLoadOnStartup(1);
    ctx.addServletMappingDecoded("/", "dispatcher");
    tomcat.start();
    try {
      for (int i = 1; i <= REQUESTS; i++) {
        String id = "r" + i;
        Gate done = new Gate("request " + id + " done");
        AsyncWork.REQUEST_DONE.put(id, done);
        CompletableFuture<String> seen = new CompletableFuture<>();
        AsyncWork.SEEN.put(id, seen);
        try (RawHttp http = new RawHttp(connector.getLocalPort())) {
          http.sendGet("/work?id=" + id);
          RawHttp.Response work = http.readResponse();
          http.sendGet("/other?id=x" + i);
          RawHttp.Response other = http.readResponse();
          if (work.status != 200 || other.status != 200) {
            throw new IllegalStateException("responses " + work + " / " + other);
          }
        }
        done.open();
        System.out.println("TASK " + id + " | " + Bounded.get(seen, "the task of " + id));
      }
      ThreadPoolTaskExecutor async = spring.getBean(ThreadPoolTaskExecutor.class);
      Object after = Bounded.get(async.submit(() -> String.valueOf(RequestContextHolder.getRequestAttributes())),
          "the check on the async thread");
      System.out.println("AFTER | attributes=" + after);
    } finally {
      tomcat.stop();
      tomcat.destroy();
    }
    for (Map.Entry<Integer, java.util.concurrent.atomic.AtomicInteger> e : new TreeMap<>(RequestData.DESTROYED).entrySet()) {
      System.out.println("DESTROYED " + e.getKey() + "=" + e.getValue().get());
    }
    System.out.println("DONE");
    System.exit(0);
  }
}
