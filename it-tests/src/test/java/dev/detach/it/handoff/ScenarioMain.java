package dev.detach.it.handoff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs scenarios in a JVM that {@link ChildJvmPolicyTest} starts with other agent settings, and prints one
 * line per scenario and point: {@code OK scenario | point}, {@code FAIL scenario | point: why} or
 * {@code SKIP scenario | point: why}, then {@code DONE}.
 *
 * <p>Modes: {@code propagate} and {@code off} (every point under that default policy), {@code rule} (the
 * scheduled points are off by rule; the thread-pool points and {@code CompletableFuture.delayedExecutor}, whose
 * delay happens to be kept by an internal scheduled pool on JDK 17, still detach), {@code common-pool} (the detach
 * scenarios for the points that use the common pool or CompletableFuture).
 */
public final class ScenarioMain {

  /** A scenario as the child runs it. */
  @FunctionalInterface
  interface Scenario {
    void run(HandoffPoint point) throws Exception;
  }

  private ScenarioMain() {}

  public static void main(String[] args) {
    String mode = args.length == 0 ? "" : args[0];
    switch (mode) {
      case "propagate":
        runAll("propagate", HandoffPoints.all(), HandoffScenarios::propagatedTaskSeesCancellation);
        break;
      case "off":
        runAll("off", HandoffPoints.all(), HandoffScenarios::taskSeesNoScope);
        break;
      case "rule":
        runAll("off by rule", HandoffPoints.of(HandoffPoint.Family.SCHEDULED), HandoffScenarios::taskSeesNoScope);
        runAll("detached", HandoffPoints.of(HandoffPoint.Family.THREAD_POOL),
            HandoffScenarios::detachedTaskSeesSubmittersValues);
        // The hand-off is CompletableFuture's; that it waits in an internal scheduled pool is not the user's.
        runOne("detached", HandoffPoints.named("CompletableFuture.delayedExecutor(..).execute"),
            HandoffScenarios::detachedTaskSeesSubmittersValues);
        break;
      case "common-pool":
        List<HandoffPoint> points = new ArrayList<>();
        for (HandoffPoint p : HandoffPoints.all()) {
          if (p.family() == HandoffPoint.Family.COMPLETABLE_FUTURE || p.has(HandoffPoint.Trait.COMMON_POOL)) {
            points.add(p);
          }
        }
        System.out.println("INFO common pool parallelism " + java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        scenarios.put("values", HandoffScenarios::detachedTaskSeesSubmittersValues);
        scenarios.put("cancelled before the task looks", HandoffScenarios::requestCancelledBeforeTaskLooks);
        scenarios.put("cancelled while the task runs", HandoffScenarios::requestCancelledWhileTaskRuns);
        scenarios.put("cancelled while the task is queued", p -> {
          if (p.has(HandoffPoint.Trait.QUEUES)) {
            HandoffScenarios.requestCancelledWhileTaskQueued(p);
          }
        });
        scenarios.put("nested", HandoffScenarios::taskOfDetachedTaskCarriesItsScope);
        scenarios.put("unscoped submitter", HandoffScenarios::unscopedSubmitterCapturesNothing);
        for (Map.Entry<String, Scenario> s : scenarios.entrySet()) {
          runAll(s.getKey(), points, s.getValue());
        }
        List<HandoffScenarios.OwnDeadline> deadlines = new ArrayList<>();
        for (HandoffPoint p : points) {
          deadlines.add(p.available() ? HandoffScenarios.startOwnDeadline(p) : null);
        }
        for (int i = 0; i < points.size(); i++) {
          HandoffScenarios.OwnDeadline d = deadlines.get(i);
          runOne("own deadline", points.get(i), p -> d.verify());
        }
        break;
      default:
        System.out.println("FAIL unknown mode '" + mode + "'");
    }
    System.out.println("DONE");
    System.out.flush();
    System.exit(0);
  }

  private static void runAll(String scenario, List<HandoffPoint> points, Scenario body) {
    for (HandoffPoint p : points) {
      runOne(scenario, p, body);
    }
  }

  private static void runOne(String scenario, HandoffPoint point, Scenario body) {
    String label = scenario + " | " + point;
    if (!point.available()) {
      System.out.println("SKIP " + label + ": needs JDK " + point.minJdk());
      return;
    }
    try {
      body.run(point);
      System.out.println("OK " + label);
    } catch (Throwable t) {
      System.out.println("FAIL " + label + ": " + String.valueOf(t).replace('\n', ' '));
    }
    System.out.flush();
  }
}
