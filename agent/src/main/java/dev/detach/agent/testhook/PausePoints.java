package dev.detach.agent.testhook;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.runtime.AgentLog;
import dev.detach.agent.runtime.ScopeStorage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * A test hook, not a setting: pauses one thread at the entry of a named container method, so that a test can
 * make an interleaving of a detached task's read, another read and the container's completion happen every
 * time instead of once in a thousand runs. Present only when the test JVM sets the system property
 * {@value #PAUSE_AT} ({@code class#method}, comma-separated); Detach's configuration does not know it, and
 * without it nothing is woven.
 *
 * <p>The test and the paused thread talk through system properties (the test's classes and Detach's are in
 * different class loaders): the test sets {@value #ARM} to {@code "detached-task class#method"} (the first
 * detached task to enter that method pauses) or {@code "copy class#method"} (the first thread to enter it while it
 * takes a request's copy at completion); the paused thread sets
 * {@value #REACHED} to where it is and waits until the test sets {@value #RELEASE}, for 10 s at most. One arming
 * pauses one thread.
 */
public final class PausePoints implements TypeInstrumentation {

  public static final String PAUSE_AT = "dev.detach.test.pause-at";
  public static final String ARM = "dev.detach.test.pause.arm";
  public static final String REACHED = "dev.detach.test.pause.reached";
  public static final String RELEASE = "dev.detach.test.pause.release";

  private static final long LONGEST_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** Class name to the names of its methods to pause in. */
  private final Map<String, List<String>> points;

  private PausePoints(Map<String, List<String>> points) {
    this.points = points;
  }

  /** The pause points the test JVM asks for, or null when it asks for none (always, outside tests). */
  public static PausePoints fromSystemProperties() {
    String spec = System.getProperty(PAUSE_AT);
    if (spec == null || spec.isBlank()) {
      return null;
    }
    Map<String, List<String>> points = new LinkedHashMap<>();
    for (String point : spec.split(",")) {
      int hash = point.indexOf('#');
      if (hash > 0) {
        points.computeIfAbsent(point.substring(0, hash).trim(), k -> new ArrayList<>())
            .add(point.substring(hash + 1).trim());
      }
    }
    return points.isEmpty() ? null : new PausePoints(points);
  }

  @Override
  public String name() {
    return "TEST pause points " + points;
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return namedOneOf(points.keySet().toArray(new String[0]));
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return (builder, type, loader, module, domain) -> {
      List<String> methods = points.get(type.getName());
      if (methods == null) {
        return builder;
      }
      ElementMatcher.Junction<MethodDescription> any = named(methods.get(0));
      for (String m : methods) {
        any = any.or(named(m));
      }
      AsmVisitorWrapper pause = weaving.advice(PauseAdvice.class, any);
      return builder.visit(pause);
    };
  }

  public static final class PauseAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Origin("#t\\##m") String where) {
      PausePoints.reached(where);
    }
  }

  /** A thread entered a pause point: pauses it when the test armed a pause for its kind of thread. */
  public static void reached(String where) {
    Properties p = System.getProperties();
    Object arm = p.get(ARM);
    if (arm == null) {
      return;
    }
    String armed = arm.toString();
    if (!armed.endsWith(" " + where)) {
      return;
    }
    boolean kind = armed.startsWith("detached-task ") ? ScopeStorage.detachedFrom() != null
        : armed.startsWith("copy ") && takingCopy();
    if (!kind || !p.remove(ARM, arm)) {
      return;
    }
    p.setProperty(REACHED, where + " on " + Thread.currentThread().getName());
    long end = System.nanoTime() + LONGEST_PAUSE_NANOS;
    try {
      while (p.get(RELEASE) == null && System.nanoTime() - end < 0) {
        Thread.sleep(1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (p.remove(RELEASE) == null) {
      AgentLog.warn("test pause at " + where + " was not released within 10 s");
    }
  }

  private static boolean takingCopy() {
    return StackWalker.getInstance().walk(frames -> frames.anyMatch(
        f -> f.getClassName().equals("dev.detach.agent.container.RequestCopy") && f.getMethodName().equals("take")));
  }
}
