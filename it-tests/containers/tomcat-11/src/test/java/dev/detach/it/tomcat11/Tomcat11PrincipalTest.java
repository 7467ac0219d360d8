package dev.detach.it.tomcat11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detach.RequestInfo;
import dev.detach.RequestScope;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ValveBase;
import org.junit.jupiter.api.Test;

/**
 * {@code RequestInfo.principal()}: unknown before authentication, the container's principal once it is
 * known, and still this request's principal in a detached task after the request completed.
 */
class Tomcat11PrincipalTest {

  /** Authenticates every request as the user named by its X-User header, inside the pipeline. */
  static final class HeaderAuthenticator extends ValveBase {
    @Override
    public void invoke(Request request, Response response) throws java.io.IOException, jakarta.servlet.ServletException {
      String user = request.getHeader("X-User");
      if (user != null) {
        request.setUserPrincipal(new GenericPrincipal(user, List.of()));
      }
      getNext().invoke(request, response);
    }
  }

  @Test
  void thePrincipalIsTheRequestsOwnDuringAndAfterTheRequest() throws Exception {
    LoopbackTomcat server = new LoopbackTomcat("detach-it-principal");
    Tomcat tomcat = server.tomcat;
    Context ctx = server.context;
    ctx.getPipeline().addValve(new HeaderAuthenticator());
    CompletableFuture<String> during = new CompletableFuture<>();
    CompletableFuture<String> afterCompletion = new CompletableFuture<>();
    CountDownLatch responded = new CountDownLatch(1);
    Tomcat.addServlet(ctx, "whoami", new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
        RequestInfo info = RequestInfo.current();
        if (!"alice".equals(req.getHeader("X-User"))) {
          // The second request only reuses the request object; its own task must not answer for the first.
          resp.getWriter().write("ok");
          return;
        }
        during.complete(name(info.principal()));
        RequestScope request = RequestScope.current();
        CompletableFuture.runAsync(() -> {
          try {
            responded.await(10, TimeUnit.SECONDS);
            // Wait until the container has completed (and recycled) the request.
            for (int i = 0; i < 200 && !request.isCancelled(); i++) {
              Thread.sleep(10);
            }
            afterCompletion.complete(request.isCancelled() + " " + name(RequestInfo.current().principal()));
          } catch (InterruptedException e) {
            afterCompletion.completeExceptionally(e);
          }
        });
        resp.getWriter().write("ok");
      }
    });
    ctx.addServletMappingDecoded("/whoami", "whoami");
    tomcat.start();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.url() + "/whoami"))
              .header("X-User", "alice").build(), HttpResponse.BodyHandlers.ofString());
      responded.countDown();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(during.get(10, TimeUnit.SECONDS)).isEqualTo("alice");
      // Another request on a reused request object must not change what the first one's task sees.
      HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.url() + "/whoami"))
              .header("X-User", "bob").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(afterCompletion.get(10, TimeUnit.SECONDS)).isEqualTo("true alice");
    } finally {
      tomcat.stop();
      tomcat.destroy();
    }
  }

  private static String name(Principal p) {
    return p == null ? "none" : p.getName();
  }
}
