package dev.detach.it.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code request.copy.max-bytes}: run in a JVM whose agent has a 4 KiB bound. A request whose headers do
 * not fit gets a copy without them: header reads fail whole, naming the setting, and the parts that fit
 * (parameters, method) are still served. Never partial headers.
 */
public abstract class RequestCopyBoundContract extends ContainerContractBase {

  @Test
  void aPartOverTheBoundFailsWholeAndTheRestIsServed() throws Exception {
    String key = newKey("copy-bound");
    HttpResponse<String> response = get(RequestCopyContract.PATH + "?colour=red", key,
        "X-Multi", "first", "X-Big", "b".repeat(6000));
    assertThat(response.statusCode()).as("[%s] response", server.name()).isEqualTo(200);
    Map<String, String> r = await(RequestCopyContract.results(key), "the detached tasks' reads");
    assertThat(r.get("completed")).isEqualTo("true");
    for (String read : new String[] {"getHeader(X-Multi)", "getHeaders(X-Multi)", "getHeaderNames"}) {
      assertThat(r.get("late." + read)).as("[%s] %s over the bound", server.name(), read)
          .startsWith("IllegalStateException: Detach: ")
          .contains("request.copy.max-bytes=4096");
    }
    assertThat(r.get("late.getParameter(colour)")).as("[%s] parameters fit", server.name()).isEqualTo("red");
    assertThat(r.get("late.getMethod")).isEqualTo("GET");
    assertThat(r.get("late.getAttribute(kept)")).isEqualTo("kept");
  }
}
