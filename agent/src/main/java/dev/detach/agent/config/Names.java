package dev.detach.agent.config;

import java.util.Collection;

/** Checks and suggestions for the names that appear in configuration: keys and class names. */
final class Names {

  private Names() {}

  /**
   * Whether {@code name} could be a binary class name as {@link Class#getName()} spells it: Java
   * identifiers separated by dots, nested classes joined with {@code $}. Keywords are not rejected:
   * the point is to catch typos and wildcards, not to re-implement the compiler.
   */
  static boolean isBinaryClassName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    int segmentStart = 0;
    for (int i = 0; i <= name.length(); i++) {
      if (i == name.length() || name.charAt(i) == '.') {
        if (!isIdentifier(name, segmentStart, i)) {
          return false;
        }
        segmentStart = i + 1;
      }
    }
    return true;
  }

  private static boolean isIdentifier(String s, int from, int to) {
    if (from >= to || !Character.isJavaIdentifierStart(s.charAt(from))) {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      if (!Character.isJavaIdentifierPart(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The known name the user probably meant by {@code unknown}, or null. Catches the three mistakes
   * seen in practice: a typo, a key written with its system-property prefix inside the file
   * ({@code detach.policy.default}), a key written without its first part ({@code timeout} for
   * {@code detach.timeout}) and an abbreviation ({@code exec} for {@code executor}).
   */
  static String suggest(String unknown, Collection<String> known) {
    String u = unknown.toLowerCase(java.util.Locale.ROOT);
    if (u.startsWith("detach.") && known.contains(u.substring("detach.".length()))) {
      return u.substring("detach.".length());
    }
    for (String k : known) {
      if (k.endsWith("." + u)) {
        return k;
      }
    }
    String onlyExtension = null;
    int extensions = 0;
    for (String k : known) {
      if (u.length() >= 3 && k.startsWith(u)) {
        onlyExtension = k;
        extensions++;
      }
    }
    if (extensions == 1) {
      return onlyExtension;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = editDistance(u, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    int tolerated = u.length() <= 5 ? 1 : 2;
    return bestDistance <= tolerated ? best : null;
  }

  /** Levenshtein distance; only ever run on short strings while reporting an error. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** A value as shown in a one-line message: line breaks made visible rather than breaking the line. */
  static String show(String value) {
    return value.replace("\r", "\\r").replace("\n", "\\n");
  }
}
