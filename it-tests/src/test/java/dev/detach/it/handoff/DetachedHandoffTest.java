package dev.detach.it.handoff;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hand-off point under the default policy ({@code detach}, with {@code detach.timeout=2s} from the
 * test JVM's configuration). Each scenario ends with a probe from an unscoped thread to where the task ran.
 */
class DetachedHandoffTest {

  static Stream<HandoffPoint> points() {
    return HandoffPoints.all().stream();
  }

  private static void assumeAvailable(HandoffPoint point) {
    assumeTrue(point.available(), () -> point + " needs JDK " + point.minJdk() + "+");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void taskSeesTheSubmittersValuesInADetachedScope(HandoffPoint point) {
    assumeAvailable(point);
    HandoffScenarios.detachedTaskSeesSubmittersValues(point);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void requestEndingBeforeTheTaskLooksDoesNotCancelIt(HandoffPoint point) {
    assumeAvailable(point);
    HandoffScenarios.requestCancelledBeforeTaskLooks(point);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void requestEndingWhileTheTaskRunsDoesNotCancelIt(HandoffPoint point) {
    assumeAvailable(point);
    HandoffScenarios.requestCancelledWhileTaskRuns(point);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void requestEndingWhileTheTaskIsQueuedDoesNotCancelIt(HandoffPoint point) throws Exception {
    assumeAvailable(point);
    assumeTrue(point.has(HandoffPoint.Trait.QUEUES), () -> point + " starts its task at once: no queue to wait in");
    HandoffScenarios.requestCancelledWhileTaskQueued(point);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void taskHandedOffByADetachedTaskCarriesThatScopeOn(HandoffPoint point) {
    assumeAvailable(point);
    HandoffScenarios.taskOfDetachedTaskCarriesItsScope(point);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void submitterWithoutScopeCapturesNothing(HandoffPoint point) {
    assumeAvailable(point);
    HandoffScenarios.unscopedSubmitterCapturesNothing(point);
  }
}
