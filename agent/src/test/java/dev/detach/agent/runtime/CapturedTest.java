package dev.detach.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detach.RequestScope;
import org.junit.jupiter.api.Test;

class CapturedTest {

  private static final RequestScope SCOPE = RequestScope.ROOT.withValue(RequestScope.key("id"), "r1");

  @Test
  void theStageFormOfACaptureIsMadeOnceAndSharedByItsStages() {
    Captured oneShot = new Captured(SCOPE, 0L, false, false, new RequestOrigin(), true, null);
    Captured stage = oneShot.forStage();
    assertThat(stage.sticky).isTrue();
    assertThat(stage.stage).isTrue();
    assertThat(oneShot.forStage()).isSameAs(stage);
    assertThat(stage.forStage()).isSameAs(stage);
    assertThat(Captured.NOTHING.forStage()).isSameAs(Captured.NOTHING);
  }

  /** A stage capture shared by several stages: each registration is outstanding until its stage is done. */
  @Test
  void aSharedStageCaptureCountsEachRegistration() {
    RequestOrigin origin = new RequestOrigin();
    Captured stage = new Captured(SCOPE, 0L, false, false, origin, true, null).forStage();
    Object first = new Object();
    Object second = new Object();
    for (Object task : new Object[] {first, second}) {
      assertThat(TaskCaptures.register(task, stage)).isNull();
      stage.queued();
    }
    assertThat(origin.hasOutstandingTasks()).isTrue();
    assertThat(TaskCaptures.removeSticky(first, stage)).isTrue();
    stage.done();
    assertThat(origin.hasOutstandingTasks()).as("the second stage has not run").isTrue();
    assertThat(TaskCaptures.removeSticky(first, stage)).as("a registration goes once").isFalse();
    assertThat(TaskCaptures.removeSticky(second, stage)).isTrue();
    stage.done();
    assertThat(origin.hasOutstandingTasks()).isFalse();
  }

  @Test
  void periodicTasksStayOutstanding() {
    RequestOrigin origin = new RequestOrigin();
    Captured periodic = new Captured(SCOPE, 0L, true, false, origin, true, null);
    periodic.queued();
    periodic.done();
    assertThat(origin.hasOutstandingTasks()).isTrue();
  }
}
