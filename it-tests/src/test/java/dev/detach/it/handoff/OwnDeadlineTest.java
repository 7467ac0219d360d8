package dev.detach.it.handoff;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A detached task's own deadline ({@code detach.timeout=2s} in the test JVM) cancels it with
 * DEADLINE_EXCEEDED. The tasks of all points are handed off first, so their deadlines run together; then one
 * test per point waits (bounded) for its task's cancel listener.
 */
class OwnDeadlineTest {

  @TestFactory
  List<DynamicTest> ownDeadlineCancelsTheDetachedTask() {
    List<DynamicTest> tests = new ArrayList<>();
    for (HandoffPoint point : HandoffPoints.all()) {
      if (!point.available()) {
        tests.add(DynamicTest.dynamicTest(point.name(),
            () -> assumeTrue(false, point + " needs JDK " + point.minJdk() + "+")));
        continue;
      }
      HandoffScenarios.OwnDeadline deadline = HandoffScenarios.startOwnDeadline(point);
      tests.add(DynamicTest.dynamicTest(point.name(), deadline::verify));
    }
    return tests;
  }
}
