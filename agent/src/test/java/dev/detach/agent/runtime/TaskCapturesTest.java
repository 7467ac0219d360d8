package dev.detach.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detach.RequestScope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskCapturesTest {

  private static final RequestScope SCOPE = RequestScope.ROOT.withValue(RequestScope.key("id"), "r1");

  @Test
  void aOneShotCaptureIsTakenOnce() {
    Object task = new Object();
    Captured c = new Captured(SCOPE, 0L, false, false, null, false, null);
    assertThat(TaskCaptures.register(task, c)).isNull();
    assertThat(TaskCaptures.take(task)).isSameAs(c);
    assertThat(TaskCaptures.take(task)).isNull();
  }

  @Test
  void aStickyCaptureServesEveryRun() {
    Object task = new Object();
    Captured c = new Captured(SCOPE, 0L, true, false, null, false, null);
    TaskCaptures.register(task, c);
    assertThat(TaskCaptures.take(task)).isSameAs(c);
    assertThat(TaskCaptures.take(task)).isSameAs(c);
    TaskCaptures.removeOldest(task);
    assertThat(TaskCaptures.take(task)).isNull();
  }

  @Test
  void aStickyCaptureIsNotReplacedByALaterOne() {
    Object task = new Object();
    Captured first = new Captured(SCOPE, 0L, true, false, null, false, null);
    TaskCaptures.register(task, first);
    assertThat(TaskCaptures.register(task, new Captured(SCOPE, 0L, false, false, null, false, null))).isSameAs(first);
    assertThat(TaskCaptures.take(task)).isSameAs(first);
  }

  @Test
  void anObjectQueuedThreeTimesKeepsThreeCapturesInOrder() {
    Object task = new Object();
    Captured a = new Captured(SCOPE, 0L, false, false, null, false, null);
    Captured b = new Captured(SCOPE, 0L, false, false, null, false, null);
    Captured c = new Captured(SCOPE, 0L, false, false, null, false, null);
    assertThat(TaskCaptures.register(task, a)).isNull();
    assertThat(TaskCaptures.register(task, b)).isNull();
    assertThat(TaskCaptures.register(task, c)).isNull();
    assertThat(TaskCaptures.take(task)).isSameAs(a);
    assertThat(TaskCaptures.take(task)).isSameAs(b);
    assertThat(TaskCaptures.take(task)).isSameAs(c);
    assertThat(TaskCaptures.take(task)).isNull();
  }

  @Test
  void aRejectedSubmissionDropsTheNewestAndARemovedOneTheOldest() {
    Object task = new Object();
    Captured a = new Captured(SCOPE, 0L, false, false, null, false, null);
    Captured b = new Captured(SCOPE, 0L, false, false, null, false, null);
    Captured c = new Captured(SCOPE, 0L, false, false, null, false, null);
    TaskCaptures.register(task, a);
    TaskCaptures.register(task, b);
    TaskCaptures.register(task, c);
    TaskCaptures.removeNewest(task);
    TaskCaptures.removeOldest(task);
    assertThat(TaskCaptures.take(task)).isSameAs(b);
    assertThat(TaskCaptures.take(task)).isNull();
  }

  @Test
  void keysAreComparedByIdentityNotEquals() {
    List<Integer> a = new ArrayList<>(List.of(1));
    List<Integer> b = new ArrayList<>(List.of(1));
    TaskCaptures.register(a, new Captured(SCOPE, 0L, false, false, null, false, null));
    assertThat(TaskCaptures.take(b)).isNull();
    assertThat(TaskCaptures.take(a)).isNotNull();
  }

  @Test
  void manyTasksGrowTheTableAndAllAreFound() {
    List<Object> tasks = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      Object t = new Object();
      tasks.add(t);
      TaskCaptures.register(t, new Captured(SCOPE, 0L, false, false, null, false, null));
    }
    for (Object t : tasks) {
      assertThat(TaskCaptures.take(t)).isNotNull();
    }
  }

  @Test
  void capturesOfCollectedTasksAreDropped() throws Exception {
    int before = TaskCaptures.size();
    for (int i = 0; i < 10_000; i++) {
      TaskCaptures.register(new Object(), new Captured(SCOPE, 0L, true, false, null, false, null));
    }
    // Weak keys: once collected, the next registrations expunge them.
    for (int attempt = 0; attempt < 50 && TaskCaptures.size() > before + 1_000; attempt++) {
      System.gc();
      Thread.sleep(20);
      Object probe = new Object();
      TaskCaptures.register(probe, new Captured(SCOPE, 0L, false, false, null, false, null));
      TaskCaptures.take(probe);
    }
    assertThat(TaskCaptures.size()).isLessThan(before + 1_000);
  }
}
