package dev.detach.it.carriers.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detach.it.support.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spring's {@code RequestContextHolder} and a request-scoped bean in {@code @Async} work that looks after its
 * request's response was sent and Tomcat reused the request object ({@link SpringScenarioMain}), with the
 * agent and, as the control, without it.
 */
class SpringRequestContextTest {

  private static final String SERVLET_REQUEST_ATTRIBUTES =
      "org.springframework.web.context.request.ServletRequestAttributes";

  @Test
  void asyncWorkGetsActiveRequestAttributesAndTheRequestsOwnBean() throws Exception {
    ChildJvm.Result result = run(true);
    for (String task : tasks(result)) {
      String id = task.substring("TASK ".length(), task.indexOf(" | "));
      assertThat(task).as(result.output())
          .contains("; attributes=" + SERVLET_REQUEST_ATTRIBUTES + ";")
          .contains("; parameter=" + id + ";")
          .contains("; bean.requestId=" + id + ";")
          .endsWith("; bean.sameInstance=true");
    }
    assertThat(result.lines()).as("the async thread's holder after the tasks\n" + result.output())
        .contains("AFTER | attributes=null");
    assertEachBeanDestroyedOnce(result);
  }

  @Test
  void withoutTheAgentAsyncWorkHasNoRequest() throws Exception {
    ChildJvm.Result result = run(false);
    for (String task : tasks(result)) {
      assertThat(task).as(result.output())
          .contains("; attributes=null;")
          .contains("; parameter=failed: java.lang.IllegalStateException: No thread-bound request found")
          .contains("; bean.requestId=failed: org.springframework.beans.factory.support.ScopeNotActiveException:"
              + " Error creating bean with name 'scopedTarget.requestData': Scope 'request' is not active");
    }
    assertEachBeanDestroyedOnce(result);
  }

  /** What each request's task saw: one line per request. */
  private static List<String> tasks(ChildJvm.Result result) {
    List<String> tasks = result.linesStartingWith("TASK ");
    assertThat(tasks).as(result.output()).hasSize(SpringScenarioMain.REQUESTS);
    return tasks;
  }

  /** Every request-scoped bean (two per request: /work's and /other's) was destroyed exactly once. */
  private static void assertEachBeanDestroyedOnce(ChildJvm.Result result) {
    List<String> destroyed = result.linesStartingWith("DESTROYED ");
    assertThat(destroyed).as(result.output()).hasSize(2 * SpringScenarioMain.REQUESTS)
        .allSatisfy(line -> assertThat(line).endsWith("=1"));
  }

  private static ChildJvm.Result run(boolean withAgent) throws Exception {
    List<String> jvm = new ArrayList<>();
    if (withAgent) {
      jvm.add("-javaagent:" + ChildJvm.agentJar());
    }
    ChildJvm.Result result = ChildJvm.launch(Duration.ofSeconds(120), jvm, Map.of(), SpringScenarioMain.class);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.lines()).as(result.output()).contains("DONE");
    assertThat(result.detachLines()).as(result.output()).noneMatch(l -> l.contains("ERROR"));
    return result;
  }
}
