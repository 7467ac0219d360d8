package dev.detach.agent.config;

import dev.detach.agent.OwnClasses;
import dev.detach.agent.runtime.DetachPolicy;
import dev.detach.agent.runtime.HandoffKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The {@code policy.rules} setting: which {@link DetachPolicy} a hand-off gets, by the kind of hand-off,
 * the executor's class, the task's class or the code that submitted it.
 *
 * <h2>Syntax</h2>
 * Rules are separated by {@code ;} or line breaks; each is {@code CONDITION [& CONDITION ...] = POLICY}.
 * Conditions:
 * <ul>
 *   <li>{@code kind:NAME} — the kind of hand-off ({@link HandoffKind#configName()}), several joined by
 *       {@code |};
 *   <li>{@code executor:PATTERN} — the executor's class or one of its superclasses;
 *   <li>{@code task:PATTERN} — the task's class or one of its superclasses;
 *   <li>{@code caller:PATTERN} — the code that made the hand-off: the nearest stack frame outside the JDK
 *       ({@code java.*}, {@code jdk.*}, {@code sun.*}, {@code com.sun.*}), the agent ({@code dev.detach.*})
 *       and the executor's own classes;
 *   <li>{@code stack:PATTERN} — any of the first {@value #STACK_DEPTH} such frames.
 * </ul>
 * A pattern is an exact binary class name ({@code com.acme.Pool}, {@code com.acme.Outer$Inner}), a
 * package wildcard ({@code com.acme.*}: classes in {@code com.acme} and its sub-packages) or a prefix
 * wildcard ({@code com.acme.Report*}); several are joined by {@code |}. Lambda classes are named after
 * the class that declared the lambda, so {@code task:com.acme.Report*} also matches the lambdas written
 * in {@code com.acme.Report}.
 *
 * <h2>Evaluation</h2>
 * The first rule whose conditions all hold wins; then the {@linkplain #builtInRulesText() built-in
 * rules}; then the default policy. The stack is walked only when a rule that is reached looks at it.
 * Without such a rule, {@link #decide} allocates nothing once each class involved has been seen.
 */
public final class PolicyRules implements dev.detach.agent.runtime.PolicyDecider {

  /** How many application frames a {@code stack:} condition looks at. */
  public static final int STACK_DEPTH = 16;

  /**
   * Frameworks whose threads serve many requests: a thread one of them starts while serving a request
   * is a pool thread (an acceptor, an event loop, a connection-pool housekeeper), and handing the
   * request to it would pin the request for the thread's whole life.
   */
  private static final String[] POOLING_FRAMEWORKS = {
    "org.eclipse.jetty.*",
    "org.apache.tomcat.*",
    "org.apache.catalina.*",
    "org.apache.coyote.*",
    "io.undertow.*",
    "org.xnio.*",
    "io.netty.*",
    "reactor.*",
    "io.grpc.*",
    "okhttp3.*",
    "com.zaxxer.hikari.*",
    "org.apache.kafka.*",
    "io.lettuce.*",
    "com.mysql.*",
    "org.postgresql.*",
    // Pools that start their workers outside an executor's execute() (Kotlin's scheduler in dispatch()), or
    // their I/O threads when a client is first started, possibly inside a request.
    "kotlinx.coroutines.*",
    "org.jboss.threads.*",
    "org.apache.hc.*",
    "org.apache.http.*",
  };

  /*
   * caller: (the nearest frame), not stack:, on purpose: a servlet that starts a thread has the
   * container's frames a few levels down its stack, and that thread is exactly the kind of task the
   * agent exists for.
   */
  private static final String BUILT_IN_RULES =
      "kind:thread|virtual-thread & caller:" + String.join("|", POOLING_FRAMEWORKS) + " = off";

  private static final String RULE_SYNTAX =
      "accepted: CONDITION [& CONDITION ...] = POLICY, rules separated by ';' or line breaks";
  private static final String CONDITION_TYPES =
      "accepted conditions are kind:KIND, executor:PATTERN, task:PATTERN, caller:PATTERN, stack:PATTERN";
  private static final String PATTERN_FORMS =
      "accepted patterns are an exact class name (com.acme.Pool, com.acme.Outer$Inner), a package"
          + " wildcard (com.acme.*, which includes sub-packages) or a prefix wildcard (com.acme.Report*)";

  private static final StackWalker WALKER = StackWalker.getInstance();
  /** For new threads, whose pool check looks at the frames' classes (see {@link #decideNewThread}). */
  private static final StackWalker CLASS_WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private final DetachPolicy defaultPolicy;
  private final Rule[] userRules;
  /** For each kind (by ordinal), the user's then the built-in rules that can match it, in order. */
  private final Rule[][] rulesByKind;
  /** The rules for a hand-off of unknown kind: those without a {@code kind:} condition. */
  private final Rule[] rulesWithoutKind;
  private final boolean[] kindWalksStack;
  /** As {@link #kindWalksStack}, for the user's rules alone. */
  private final boolean[] userKindWalksStack;
  private final int frameDepth;
  private final ClassFactsCache classFacts;

  private PolicyRules(
      DetachPolicy defaultPolicy, List<Rule> userRules, List<Rule> builtInRules, List<NamePattern[]> classConditions) {
    this.defaultPolicy = defaultPolicy;
    this.userRules = userRules.toArray(new Rule[0]);
    List<Rule> all = new ArrayList<>(userRules);
    all.addAll(builtInRules);
    HandoffKind[] kinds = HandoffKind.values();
    this.rulesByKind = new Rule[kinds.length][];
    this.kindWalksStack = new boolean[kinds.length];
    this.userKindWalksStack = new boolean[kinds.length];
    for (HandoffKind kind : kinds) {
      List<Rule> forKind = new ArrayList<>();
      for (Rule rule : all) {
        if ((rule.kindBits & (1 << kind.ordinal())) != 0) {
          forKind.add(rule);
          kindWalksStack[kind.ordinal()] |= rule.looksAtStack();
          userKindWalksStack[kind.ordinal()] |= rule.looksAtStack() && userRules.contains(rule);
        }
      }
      rulesByKind[kind.ordinal()] = forKind.toArray(new Rule[0]);
    }
    List<Rule> withoutKind = new ArrayList<>();
    int depth = 0;
    for (Rule rule : all) {
      if (!rule.hasKindCondition) {
        withoutKind.add(rule);
      }
      if (rule.stackConditions.length > 0) {
        depth = STACK_DEPTH;
      } else if (rule.callerConditions.length > 0) {
        depth = Math.max(depth, 1);
      }
    }
    this.rulesWithoutKind = withoutKind.toArray(new Rule[0]);
    this.frameDepth = depth;
    this.classFacts = new ClassFactsCache(classConditions.toArray(new NamePattern[0][]));
  }

  /** No rules of the user's: the built-in rules, then {@code defaultPolicy}. */
  public static PolicyRules none(DetachPolicy defaultPolicy) {
    try {
      return parse("", defaultPolicy, null);
    } catch (ConfigException e) {
      throw new IllegalStateException("built-in policy rules do not parse: " + e.getMessage(), e);
    }
  }

  /**
   * The rules in {@code text} (the value of {@code policy.rules}; blank for none), followed by the
   * built-in rules and {@code defaultPolicy}.
   *
   * @throws ConfigException naming the first rule that does not parse and what is accepted
   */
  public static PolicyRules parse(String text, DetachPolicy defaultPolicy) throws ConfigException {
    return parse(text, defaultPolicy, null);
  }

  /** As {@link #parse(String, DetachPolicy)}, with where the text came from for error messages. */
  static PolicyRules parse(String text, DetachPolicy defaultPolicy, String source) throws ConfigException {
    if (defaultPolicy == null) {
      throw new NullPointerException("defaultPolicy");
    }
    List<NamePattern[]> classConditions = new ArrayList<>();
    List<Rule> user = parseRules(text == null ? "" : text, false, source, classConditions);
    List<Rule> builtIn = parseRules(BUILT_IN_RULES, true, "built-in rules", classConditions);
    return new PolicyRules(defaultPolicy, user, builtIn, classConditions);
  }

  /** The built-in rules, in the syntax of {@code policy.rules}; they apply after the user's rules. */
  public static String builtInRulesText() {
    return BUILT_IN_RULES;
  }

  /** The policy of a hand-off that no rule matches. */
  public DetachPolicy defaultPolicy() {
    return defaultPolicy;
  }

  /** Whether any of the user's rules looks at the submitting stack ({@code caller:} or {@code stack:}). */
  public boolean usesCaller() {
    for (Rule rule : userRules) {
      if (rule.looksAtStack()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether deciding a hand-off of this kind may walk the stack, counting the built-in rules (which do
   * for new threads).
   */
  public boolean mayWalkStack(HandoffKind kind) {
    return kind == null ? anyLooksAtStack(rulesWithoutKind) : kindWalksStack[kind.ordinal()];
  }

  @Override
  public boolean userRulesLookAtStack(HandoffKind kind) {
    return kind == null ? usesCaller() : userKindWalksStack[kind.ordinal()];
  }

  private static boolean anyLooksAtStack(Rule[] rules) {
    for (Rule rule : rules) {
      if (rule.looksAtStack()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The policy for a task handed off here and now. Call it on the submitting thread: {@code caller:}
   * and {@code stack:} conditions look at the current stack.
   *
   * @param kind the hand-off point; null matches only rules without a {@code kind:} condition
   * @param executorClass the executor's class, or null when there is none (a new thread)
   * @param taskClass the task's class, or null if unknown
   */
  @Override
  public DetachPolicy decide(HandoffKind kind, Class<?> executorClass, Class<?> taskClass) {
    return decide(kind, executorClass, taskClass, null, null);
  }

  /**
   * One walk of the current stack answers both what a new thread's start needs: whether it is a pool's
   * worker, and the frames the rules for its kind look at ({@code caller:}, including the built-in rule).
   * The pool check reads each frame's class first and a method name only for an executor's frames:
   * resolving method names is most of a walk's cost.
   */
  @Override
  public DetachPolicy decideNewThread(HandoffKind kind, Class<?> threadClass,
      Function<StackWalker.StackFrame, Boolean> executorFrame, int poolDepth) {
    ClassFacts thread = factsOf(threadClass);
    int depth = kind == null ? (anyLooksAtStack(rulesWithoutKind) ? frameDepth : 0)
        : (kindWalksStack[kind.ordinal()] ? frameDepth : 0);
    NewThreadFrames walk = new NewThreadFrames(thread.hierarchy, depth, executorFrame, poolDepth);
    String[] frames = CLASS_WALKER.walk(walk);
    if (walk.pool) {
      return DetachPolicy.OFF;
    }
    return decide(kind, threadClass, threadClass, thread, frames);
  }

  /** {@code executor}: the facts of {@code executorClass} if known; {@code frames}: the stack's, if already collected. */
  private DetachPolicy decide(
      HandoffKind kind, Class<?> executorClass, Class<?> taskClass, ClassFacts executor, String[] frames) {
    Rule[] candidates = kind == null ? rulesWithoutKind : rulesByKind[kind.ordinal()];
    ClassFacts task = null;
    for (Rule rule : candidates) {
      if (rule.executorConditions.length > 0) {
        if (executor == null) {
          executor = factsOf(executorClass);
        }
        if (!executor.matchesAll(rule.executorConditions)) {
          continue;
        }
      }
      if (rule.taskConditions.length > 0) {
        if (task == null) {
          task = factsOf(taskClass);
        }
        if (!task.matchesAll(rule.taskConditions)) {
          continue;
        }
      }
      if (rule.looksAtStack()) {
        if (frames == null) {
          if (executor == null) {
            executor = factsOf(executorClass);
          }
          frames = WALKER.walk(new FrameCollector(executor.hierarchy, frameDepth));
        }
        if (!rule.stackMatches(frames)) {
          continue;
        }
      }
      return rule.policy;
    }
    return defaultPolicy;
  }

  private ClassFacts factsOf(Class<?> type) {
    return type == null ? ClassFacts.NONE : classFacts.get(type);
  }

  /** The user's rules in normalised form, separated by "; "; empty for none. */
  public String userRulesText() {
    StringBuilder out = new StringBuilder();
    for (Rule rule : userRules) {
      out.append(out.length() == 0 ? "" : "; ").append(rule.text);
    }
    return out.toString();
  }

  /** The user's rules in normalised form, then a note on the built-in rules and the default. */
  @Override
  public String toString() {
    String user = userRulesText();
    return "PolicyRules[" + (user.isEmpty() ? "" : user + "; ") + "then built-in rules; otherwise "
        + defaultPolicy.configName() + ']';
  }

  // ---------------------------------------------------------------------------------------------
  // Parsing

  private static List<Rule> parseRules(
      String text, boolean builtIn, String source, List<NamePattern[]> classConditions)
      throws ConfigException {
    List<Rule> rules = new ArrayList<>();
    for (String ruleText : split(text, ";\n\r")) {
      String trimmed = ruleText.trim();
      if (!trimmed.isEmpty()) {
        rules.add(parseRule(trimmed, builtIn, source, classConditions));
      }
    }
    return rules;
  }

  private static Rule parseRule(String text, boolean builtIn, String source, List<NamePattern[]> classConditions)
      throws ConfigException {
    int equals = text.indexOf('=');
    if (equals < 0) {
      throw ruleError(text, source, "missing '= POLICY' at the end; " + RULE_SYNTAX);
    }
    if (text.indexOf('=', equals + 1) >= 0) {
      throw ruleError(text, source, "more than one '='; " + RULE_SYNTAX);
    }
    String policyName = text.substring(equals + 1).trim();
    DetachPolicy policy = policyFromConfigName(policyName);
    if (policy == null) {
      throw ruleError(text, source, "unknown policy '" + policyName + "'; accepted values are detach, propagate, off");
    }
    String conditionsText = text.substring(0, equals).trim();
    if (conditionsText.isEmpty()) {
      throw ruleError(text, source, "no condition before '='; " + RULE_SYNTAX);
    }

    int kindBits = -1;
    boolean hasKindCondition = false;
    List<Integer> executorConditions = new ArrayList<>();
    List<Integer> taskConditions = new ArrayList<>();
    List<NamePattern[]> callerConditions = new ArrayList<>();
    List<NamePattern[]> stackConditions = new ArrayList<>();
    List<String> normalised = new ArrayList<>();
    for (String conditionText : split(conditionsText, "&")) {
      String condition = conditionText.trim();
      if (condition.isEmpty()) {
        throw ruleError(text, source, "empty condition around '&'; " + RULE_SYNTAX);
      }
      int colon = condition.indexOf(':');
      if (colon < 0) {
        throw ruleError(text, source, "condition '" + condition + "' has no ':'; " + CONDITION_TYPES);
      }
      String type = condition.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      List<String> alternatives = new ArrayList<>();
      for (String alternative : split(condition.substring(colon + 1), "|")) {
        String a = alternative.trim();
        if (a.isEmpty()) {
          throw ruleError(text, source, "condition '" + condition + "' has an empty alternative; "
              + "alternatives are joined by '|', as in kind:thread|virtual-thread");
        }
        alternatives.add(a);
      }
      switch (type) {
        case "kind":
          int bits = 0;
          for (String name : alternatives) {
            HandoffKind kind = HandoffKind.fromConfigName(name.toLowerCase(Locale.ROOT));
            if (kind == null) {
              throw ruleError(text, source, "unknown kind '" + name + "'" + didYouMean(name, kindNames())
                  + "accepted kinds are " + String.join(", ", kindNames()));
            }
            bits |= 1 << kind.ordinal();
          }
          kindBits &= bits;
          hasKindCondition = true;
          break;
        case "executor":
          classConditions.add(parsePatterns(alternatives, text, source));
          executorConditions.add(classConditions.size() - 1);
          break;
        case "task":
          classConditions.add(parsePatterns(alternatives, text, source));
          taskConditions.add(classConditions.size() - 1);
          break;
        case "caller":
          callerConditions.add(parsePatterns(alternatives, text, source));
          break;
        case "stack":
          stackConditions.add(parsePatterns(alternatives, text, source));
          break;
        default:
          String suggestion = Names.suggest(type, List.of("kind", "executor", "task", "caller", "stack"));
          throw ruleError(text, source, "unknown condition '" + condition + "'"
              + (suggestion == null ? "; " : "; did you mean '" + suggestion + ":'? ") + CONDITION_TYPES);
      }
      normalised.add(type + ":" + String.join("|", alternatives));
    }
    return new Rule(
        String.join(" & ", normalised) + " = " + policy.configName(),
        builtIn,
        kindBits,
        hasKindCondition,
        toIntArray(executorConditions),
        toIntArray(taskConditions),
        callerConditions.toArray(new NamePattern[0][]),
        stackConditions.toArray(new NamePattern[0][]),
        policy);
  }

  private static NamePattern[] parsePatterns(List<String> alternatives, String rule, String source)
      throws ConfigException {
    NamePattern[] patterns = new NamePattern[alternatives.size()];
    for (int i = 0; i < patterns.length; i++) {
      patterns[i] = NamePattern.parse(alternatives.get(i));
      if (patterns[i] == null) {
        throw ruleError(rule, source, "'" + alternatives.get(i) + "' is not a class name pattern; " + PATTERN_FORMS);
      }
    }
    return patterns;
  }

  static DetachPolicy policyFromConfigName(String name) {
    for (DetachPolicy policy : DetachPolicy.values()) {
      if (policy.configName().equalsIgnoreCase(name)) {
        return policy;
      }
    }
    return null;
  }

  private static List<String> kindNames() {
    List<String> names = new ArrayList<>();
    for (HandoffKind kind : HandoffKind.values()) {
      names.add(kind.configName());
    }
    return names;
  }

  private static String didYouMean(String unknown, List<String> known) {
    String suggestion = Names.suggest(unknown, known);
    return suggestion == null ? "; " : "; did you mean '" + suggestion + "'? ";
  }

  private static ConfigException ruleError(String rule, String source, String problem) {
    return new ConfigException("policy.rules rule '" + Names.show(rule) + "'"
        + (source == null ? "" : " (from " + source + ")") + ": " + problem);
  }

  private static List<String> split(String text, String separators) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (separators.indexOf(text.charAt(i)) >= 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  private static int[] toIntArray(List<Integer> values) {
    int[] array = new int[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = values.get(i);
    }
    return array;
  }

  // ---------------------------------------------------------------------------------------------
  // Matching

  private static final class Rule {
    final String text;
    final boolean builtIn;
    /** Bit per kind ordinal; all bits when there is no {@code kind:} condition. */
    final int kindBits;
    final boolean hasKindCondition;
    /** Indexes into the class conditions, all of which the executor's class must match. */
    final int[] executorConditions;
    final int[] taskConditions;
    final NamePattern[][] callerConditions;
    final NamePattern[][] stackConditions;
    final DetachPolicy policy;

    Rule(String text, boolean builtIn, int kindBits, boolean hasKindCondition, int[] executorConditions,
        int[] taskConditions, NamePattern[][] callerConditions, NamePattern[][] stackConditions,
        DetachPolicy policy) {
      this.text = text;
      this.builtIn = builtIn;
      this.kindBits = kindBits;
      this.hasKindCondition = hasKindCondition;
      this.executorConditions = executorConditions;
      this.taskConditions = taskConditions;
      this.callerConditions = callerConditions;
      this.stackConditions = stackConditions;
      this.policy = policy;
    }

    boolean looksAtStack() {
      return callerConditions.length > 0 || stackConditions.length > 0;
    }

    /** {@code frames} are the application frames, nearest first. */
    boolean stackMatches(String[] frames) {
      for (NamePattern[] condition : callerConditions) {
        if (frames.length == 0 || !NamePattern.anyMatches(condition, frames[0])) {
          return false;
        }
      }
      for (NamePattern[] condition : stackConditions) {
        boolean found = false;
        for (String frame : frames) {
          if (NamePattern.anyMatches(condition, frame)) {
            found = true;
            break;
          }
        }
        if (!found) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return builtIn ? text + " (built-in)" : text;
    }
  }

  /** One pattern of a condition: an exact class name, a package wildcard or a prefix wildcard. */
  static final class NamePattern {
    final String text;
    /** The exact name, or what a matching name starts with. */
    final String stem;
    final boolean exact;

    private NamePattern(String text, String stem, boolean exact) {
      this.text = text;
      this.stem = stem;
      this.exact = exact;
    }

    /** The pattern, or null if {@code text} is not one. */
    static NamePattern parse(String text) {
      int star = text.indexOf('*');
      if (star < 0) {
        return Names.isBinaryClassName(text) ? new NamePattern(text, text, true) : null;
      }
      if (star != text.length() - 1) {
        return null;
      }
      String stem = text.substring(0, star);
      if (stem.endsWith(".")) {
        // com.acme.*: the stem keeps its dot so that com.acmetools.X does not match.
        return Names.isBinaryClassName(stem.substring(0, stem.length() - 1))
            ? new NamePattern(text, stem, false)
            : null;
      }
      return Names.isBinaryClassName(stem) ? new NamePattern(text, stem, false) : null;
    }

    boolean matches(String className) {
      return exact ? className.equals(stem) : className.startsWith(stem);
    }

    static boolean anyMatches(NamePattern[] alternatives, String className) {
      for (NamePattern pattern : alternatives) {
        if (pattern.matches(className)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** What the rules need to know about one class; computed once per class and rule set. */
  private static final class ClassFacts {
    static final ClassFacts NONE = new ClassFacts(new long[0], new String[0]);

    /** Bit per class condition that the class or one of its superclasses matches. */
    final long[] matched;
    /** The names of the class and its superclasses below {@code Object}. */
    final String[] hierarchy;

    ClassFacts(long[] matched, String[] hierarchy) {
      this.matched = matched;
      this.hierarchy = hierarchy;
    }

    boolean matchesAll(int[] conditions) {
      for (int condition : conditions) {
        int word = condition >>> 6;
        if (word >= matched.length || (matched[word] & (1L << condition)) == 0) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The facts per class. A ClassValue rather than a map keyed by class: it neither keeps classes (and
   * their class loaders) alive nor allocates on a hit. The values hold only strings and bits, never a
   * class, for the same reason.
   */
  private static final class ClassFactsCache extends ClassValue<ClassFacts> {
    private final NamePattern[][] conditions;

    ClassFactsCache(NamePattern[][] conditions) {
      this.conditions = conditions;
    }

    @Override
    protected ClassFacts computeValue(Class<?> type) {
      List<String> hierarchy = new ArrayList<>();
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        hierarchy.add(c.getName());
      }
      long[] matched = new long[(conditions.length + 63) / 64];
      for (int i = 0; i < conditions.length; i++) {
        for (String name : hierarchy) {
          if (NamePattern.anyMatches(conditions[i], name)) {
            matched[i >>> 6] |= 1L << i;
            break;
          }
        }
      }
      return new ClassFacts(matched, hierarchy.toArray(new String[0]));
    }
  }

  /**
   * The class names of the nearest application frames: those outside the JDK, the agent and the
   * executor's own classes (whose {@code execute} is where a custom executor's hand-off is seen).
   */
  private static class FrameCollector implements Function<Stream<StackWalker.StackFrame>, String[]> {
    private final String[] executorHierarchy;
    private final int depth;

    FrameCollector(String[] executorHierarchy, int depth) {
      this.executorHierarchy = executorHierarchy;
      this.depth = depth;
    }

    /** The names, or null when {@link #stopsAt} ended the walk. */
    @Override
    public String[] apply(Stream<StackWalker.StackFrame> frames) {
      String[] found = new String[depth];
      int count = 0;
      int index = 0;
      Iterator<StackWalker.StackFrame> it = frames.iterator();
      while ((count < depth || looksFurther(index)) && it.hasNext()) {
        StackWalker.StackFrame f = it.next();
        if (stopsAt(f, index++)) {
          return null;
        }
        if (count < depth) {
          String name = f.getClassName();
          if (isApplication(name)) {
            found[count++] = name;
          }
        }
      }
      return count == depth ? found : Arrays.copyOf(found, count);
    }

    /** Whether to go on past the application frames wanted ({@code seen}: frames looked at so far). */
    boolean looksFurther(int seen) {
      return false;
    }

    /** Whether the walk ends at {@code f}, the frame at {@code index}, with what it was looking for. */
    boolean stopsAt(StackWalker.StackFrame f, int index) {
      return false;
    }

    private boolean isApplication(String name) {
      if (name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")
          || name.startsWith("com.sun.") || OwnClasses.contains(name)) {
        return false;
      }
      for (String executorClass : executorHierarchy) {
        if (name.startsWith(executorClass)
            && (name.length() == executorClass.length() || name.charAt(executorClass.length()) == '$')) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * A {@link FrameCollector} that also looks for an executor's frame among the nearest ones (a new
   * thread's start): the first one found says whether the thread is a pool's worker.
   */
  private static final class NewThreadFrames extends FrameCollector {
    private final Function<StackWalker.StackFrame, Boolean> executorFrame;
    /** How many of the nearest frames may be a pool's; 0 once a thread-per-task executor's was found. */
    private int executorLimit;
    /** A pool's frame came first: the thread is its worker. */
    boolean pool;

    NewThreadFrames(String[] threadHierarchy, int depth, Function<StackWalker.StackFrame, Boolean> executorFrame,
        int poolDepth) {
      super(threadHierarchy, depth);
      this.executorFrame = executorFrame;
      this.executorLimit = poolDepth;
    }

    @Override
    boolean looksFurther(int seen) {
      return seen < executorLimit;
    }

    @Override
    boolean stopsAt(StackWalker.StackFrame f, int index) {
      if (index >= executorLimit) {
        return false;
      }
      Boolean isPool = executorFrame.apply(f);
      if (isPool == null) {
        return false;
      }
      if (isPool) {
        pool = true;
        return true;
      }
      executorLimit = 0; // a thread-per-task executor's frame: no pool's further out counts
      return false;
    }
  }
}
