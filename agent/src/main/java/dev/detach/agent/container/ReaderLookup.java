package dev.detach.agent.container;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the public methods a container's request reader calls, and keeps the names of those it did not find:
 * a reader that lacks one would read nothing there without a word, so the container is turned off with one
 * WARN line instead ({@link #fits}).
 */
public final class ReaderLookup {

  private final List<String> missing = new ArrayList<>();

  /** As {@link PublicMethods#virtual}; a missing method (or a null {@code type}) is noted. */
  public MethodHandle virtual(Class<?> type, String name, Class<?>... parameterTypes) {
    MethodHandle h = type == null ? null : PublicMethods.virtual(type, name, parameterTypes);
    return noted(h, name);
  }

  /** As {@link PublicMethods#statik}; a missing method is noted. */
  public MethodHandle statik(Class<?> owner, String name, Class<?>... parameterTypes) {
    return noted(PublicMethods.statik(owner, name, parameterTypes), "static " + name);
  }

  /** As {@link PublicMethods#load}; a missing class is noted. */
  public Class<?> load(Class<?> type, String name) {
    Class<?> c = PublicMethods.load(type, name);
    if (c == null) {
      missing.add("class " + name);
    }
    return c;
  }

  private MethodHandle noted(MethodHandle h, String name) {
    if (h == null) {
      missing.add(name + "()");
    }
    return h;
  }

  /**
   * Whether everything looked up was found and {@code container} still fits; if something was missing,
   * {@code container} is turned off with one WARN line naming it ({@code type}: the request class read).
   */
  public boolean fits(ContainerFit container, Class<?> type) {
    if (!missing.isEmpty()) {
      container.turnOff("the reader of " + type.getName() + " found no public " + String.join(", ", missing),
          type.getProtectionDomain());
    }
    return missing.isEmpty() && container.fits();
  }
}
