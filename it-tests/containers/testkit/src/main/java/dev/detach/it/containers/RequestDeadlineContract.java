package dev.detach.it.containers;

import static dev.detach.it.containers.Protocol.PHASE_HANDLER;
import static dev.detach.it.containers.Protocol.PHASE_HANDLER_AGAIN;
import static dev.detach.it.containers.Protocol.SLOW;
import static dev.detach.it.containers.Protocol.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detach.CancellationCause;
import dev.detach.it.containers.Observations.Observation;
import dev.detach.it.containers.Observations.View;
import org.junit.jupiter.api.Test;

/**
 * A configured request deadline ({@code -Ddetach.request.deadline=2s}, set by the surefire execution
 * that runs these tests): a handler still running when it passes sees its scope cancelled with
 * DEADLINE_EXCEEDED; a quick request completes normally.
 *
 * <p>The slow handler waits for the cancellation, so a long deadline costs the run only that wait, while a
 * short one failed on a loaded machine (300 ms: a fresh JVM's first request reached the handler after its
 * deadline had passed). A quick request first warms the server up all the same.
 */
public abstract class RequestDeadlineContract extends ContainerContractBase {

  @Test
  void aHandlerOutlivingTheRequestDeadlineSeesDeadlineExceeded() throws Exception {
    assertThat(System.getProperty("detach.request.deadline"))
        .as("this test runs in the surefire execution that configures request.deadline").isNotBlank();
    assertThat(get(SYNC, newKey("warm-up")).statusCode()).isEqualTo(200);
    String key = newKey("deadline");
    assertThat(get(SLOW, key).statusCode()).isEqualTo(200);
    Observation o = observed(key);
    assertOwnScope(o, PHASE_HANDLER, key);
    View later = o.view(PHASE_HANDLER_AGAIN);
    assertThat(later).as("the slow handler recorded again: %s", o).isNotNull();
    assertThat(later.cancelled).as("the handler saw its scope cancelled once the deadline passed: %s", o).isTrue();
    assertThat(later.cause).isEqualTo(CancellationCause.DEADLINE_EXCEEDED);
    assertCancelled(o, CancellationCause.DEADLINE_EXCEEDED, "when the request deadline passed");
  }

  @Test
  void aQuickRequestCompletesBeforeTheDeadline() throws Exception {
    String key = newKey("quick");
    assertThat(get(SYNC, key).statusCode()).isEqualTo(200);
    Observation o = observed(key);
    assertOwnScope(o, PHASE_HANDLER, key);
    assertCancelled(o, CancellationCause.REQUEST_COMPLETED, "after the response");
  }
}
