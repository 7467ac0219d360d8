package dev.detach.agent;

/**
 * Which classes are Detach's own: the agent, its relocated libraries and the API ({@code dev.detach.RequestScope},
 * one package level). Other code under {@code dev.detach.} (the demo, the benchmarks, the tests) is an
 * application like any other: it is woven, and its frames count as the caller of a hand-off.
 */
public final class OwnClasses {

  private static final String ROOT = "dev.detach.";

  private OwnClasses() {}

  /** Whether the class of this binary name is Detach's own. */
  public static boolean contains(String name) {
    return name.startsWith(ROOT)
        && (name.startsWith("dev.detach.agent.") || name.startsWith("dev.detach.shaded.")
            || name.indexOf('.', ROOT.length()) < 0);
  }
}
