package dev.detach.agent.config;

import dev.detach.agent.carrier.CarriedLibrary;
import dev.detach.agent.runtime.DetachPolicy;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The agent's settings, read once at start-up and immutable.
 *
 * <h2>Sources</h2>
 * From lowest to highest precedence: the defaults; a properties file; environment variables {@code
 * DETACH_<KEY>} (the key upper-cased, {@code .} and {@code -} as {@code _}); system properties {@code
 * detach.<KEY>}. The file is named by the agent argument ({@code config=PATH}, or just {@code PATH}),
 * else by {@code -Ddetach.config=PATH}, else by {@code DETACH_CONFIG=PATH}.
 *
 * <h2>Strictness</h2>
 * Every value from every source is checked, including values a higher source overrides, and an unknown
 * key in the file, an unknown {@code detach.*} system property or an unknown {@code DETACH_*} variable
 * is an error: a misspelt setting that silently does nothing is worse than an agent that says so.
 */
public final class AgentConfig {

  /** Whether the agent instruments anything; {@code true} or {@code false}. */
  public static final String ENABLED = "enabled";
  /** The policy of a hand-off no rule matches: {@code detach}, {@code propagate} or {@code off}. */
  public static final String POLICY_DEFAULT = "policy.default";
  /** Rules choosing the policy per hand-off; see {@link PolicyRules}. */
  public static final String POLICY_RULES = "policy.rules";
  /** The deadline of a detached task, counted from the start of each run; {@code 0} for none. */
  public static final String DETACH_TIMEOUT = "detach.timeout";
  /** How much the agent reports; see {@link LogLevel}. */
  public static final String LOG_LEVEL = "log.level";
  /** Further executor classes whose {@code execute(Runnable)} is a hand-off point. */
  public static final String EXECUTORS_INCLUDE = "executors.include";
  /** Request headers whose value, when present, is the request id; the first present wins. */
  public static final String REQUEST_ID_HEADERS = "request.id.headers";
  /** Request headers whose values the request scope keeps (RequestInfo.header). */
  public static final String REQUEST_HEADERS = "request.headers";
  /** A deadline for every request's scope, counted from its first dispatch; {@code 0} for none. */
  public static final String REQUEST_DEADLINE = "request.deadline";
  /**
   * Whether a completed request's objects keep answering its detached tasks from a copy taken at
   * completion ({@code true}), or read live as without the agent ({@code false}).
   */
  public static final String REQUEST_COPY = "request.copy";
  /** The most a request copy may hold, in bytes (estimated); a part over it is left out and fails on read. */
  public static final String REQUEST_COPY_MAX_BYTES = "request.copy.max-bytes";
  /** The libraries whose thread-bound context a task gets from the thread that handed it off. */
  public static final String CARRY_LIBRARIES = "carry.libraries";
  /** Static {@code ThreadLocal} fields ({@code CLASS#FIELD}) whose value a task gets from that thread. */
  public static final String CARRY_THREAD_LOCALS = "carry.thread-locals";
  /** The properties file; a key of the agent argument, system properties and environment, not the file. */
  public static final String CONFIG = "config";

  /** The prefix of system properties: {@code -Ddetach.policy.default=propagate}. */
  public static final String SYSTEM_PROPERTY_PREFIX = "detach.";
  /** The prefix of environment variables: {@code DETACH_POLICY_DEFAULT=propagate}. */
  public static final String ENVIRONMENT_PREFIX = "DETACH_";

  private static final String ACCEPTED_BOOLEAN = "true, false";
  private static final String ACCEPTED_BYTE_COUNT = "a whole number of bytes, or with k or m (262144, 256k, 1m)";
  private static final String ACCEPTED_POLICY = "detach, propagate, off";
  private static final String ACCEPTED_LOG_LEVEL = "off, error, warn, info, debug";
  private static final String ACCEPTED_DURATION =
      "0 (no deadline), a whole number with a unit ms, s, m or h (250ms, 30s, 5m, 2h), or ISO-8601 (PT30S)";
  private static final String ACCEPTED_CLASS_NAMES =
      "fully-qualified class names separated by commas (com.acme.Pool, com.acme.Outer$Inner)";
  private static final String ACCEPTED_AGENT_ARGUMENT = "accepted: config=PATH";
  private static final String ACCEPTED_HEADER_NAMES = "HTTP header names separated by commas (X-Request-Id, traceparent)";
  private static final String ACCEPTED_LIBRARIES = libraryNames() + ", separated by commas; empty for none";
  private static final String ACCEPTED_THREAD_LOCALS =
      "static ThreadLocal fields as CLASS#FIELD separated by commas (com.acme.TenantContext#CURRENT)";
  private static final String ACCEPTED_RULES = "CONDITION [& CONDITION ...] = POLICY, separated by ';' or line breaks";
  private static final String ACCEPTED_CONFIG = "a properties file path (agent argument config=PATH wins)";

  /**
   * One setting: its key, its default, what it accepts and how a given value is checked and converted.
   * The single place each of these is written: loading, error lines, {@link #describeKeys}'s table and
   * the defaults other parts of the agent start with ({@link #defaults()}) all read them from here.
   */
  private static final class Option<T> {
    final String key;
    final T defaultValue;
    /** What the key accepts, in words (error lines end with it; so does the table {@link #describeKeys} makes). */
    final String accepted;
    /** {@link #accepted} lists every accepted value. */
    final boolean enumerated;
    final Parser<T> parser;
    /** The value as it would be written in the configuration. */
    final Function<T, String> text;

    Option(String key, T defaultValue, String accepted, boolean enumerated, Parser<T> parser,
        Function<T, String> text) {
      this.key = key;
      this.defaultValue = defaultValue;
      this.accepted = accepted;
      this.enumerated = enumerated;
      this.parser = parser;
      this.text = text;
    }

    T parse(Setting given) throws ConfigException {
      return parser.parse(given, this);
    }

    String defaultText() {
      return text.apply(defaultValue);
    }
  }

  /** Checks and converts a value given for {@code option}; throws naming the value, its source and what is accepted. */
  @FunctionalInterface
  private interface Parser<T> {
    T parse(Setting given, Option<T> option) throws ConfigException;
  }

  private static final Option<Boolean> O_ENABLED =
      new Option<>(ENABLED, true, ACCEPTED_BOOLEAN, true, AgentConfig::parseBoolean, String::valueOf);
  private static final Option<DetachPolicy> O_POLICY_DEFAULT = new Option<>(POLICY_DEFAULT, DetachPolicy.DETACH,
      ACCEPTED_POLICY, true, AgentConfig::parsePolicy, DetachPolicy::configName);
  /**
   * Checked against the default policy {@code detach}; {@link #load} parses the effective rules again with
   * the effective {@code policy.default}, which they end with.
   */
  private static final Option<PolicyRules> O_POLICY_RULES = new Option<>(POLICY_RULES,
      PolicyRules.none(DetachPolicy.DETACH), ACCEPTED_RULES, false,
      (given, option) -> PolicyRules.parse(given.value, DetachPolicy.DETACH, given.source),
      PolicyRules::userRulesText);
  private static final Option<Duration> O_DETACH_TIMEOUT = new Option<>(DETACH_TIMEOUT, Duration.ZERO,
      ACCEPTED_DURATION, false, AgentConfig::parseDuration, AgentConfig::durationText);
  private static final Option<LogLevel> O_LOG_LEVEL =
      new Option<>(LOG_LEVEL, LogLevel.INFO, ACCEPTED_LOG_LEVEL, true, AgentConfig::parseLogLevel, LogLevel::configName);
  private static final Option<List<String>> O_EXECUTORS_INCLUDE = new Option<>(EXECUTORS_INCLUDE, List.of(),
      ACCEPTED_CLASS_NAMES, false, AgentConfig::parseClassNames, AgentConfig::joined);
  private static final Option<List<String>> O_REQUEST_ID_HEADERS = new Option<>(REQUEST_ID_HEADERS,
      List.of("X-Request-Id", "traceparent"), ACCEPTED_HEADER_NAMES, false, AgentConfig::parseHeaderNames,
      AgentConfig::joined);
  private static final Option<List<String>> O_REQUEST_HEADERS = new Option<>(REQUEST_HEADERS, List.of(),
      ACCEPTED_HEADER_NAMES, false, AgentConfig::parseHeaderNames, AgentConfig::joined);
  private static final Option<Duration> O_REQUEST_DEADLINE = new Option<>(REQUEST_DEADLINE, Duration.ZERO,
      ACCEPTED_DURATION, false, AgentConfig::parseDuration, AgentConfig::durationText);
  private static final Option<Boolean> O_REQUEST_COPY =
      new Option<>(REQUEST_COPY, true, ACCEPTED_BOOLEAN, true, AgentConfig::parseBoolean, String::valueOf);
  private static final Option<Long> O_REQUEST_COPY_MAX_BYTES = new Option<>(REQUEST_COPY_MAX_BYTES, 262_144L,
      ACCEPTED_BYTE_COUNT, false, AgentConfig::parseByteCount, String::valueOf);
  private static final Option<List<CarriedLibrary>> O_CARRY_LIBRARIES = new Option<>(CARRY_LIBRARIES,
      List.of(CarriedLibrary.values()), ACCEPTED_LIBRARIES, false, AgentConfig::parseLibraries, AgentConfig::configNames);
  private static final Option<List<String>> O_CARRY_THREAD_LOCALS = new Option<>(CARRY_THREAD_LOCALS, List.of(),
      ACCEPTED_THREAD_LOCALS, false, AgentConfig::parseThreadLocals, AgentConfig::joined);

  /** The settings, in documentation order. */
  private static final List<Option<?>> OPTIONS = List.of(O_ENABLED, O_POLICY_DEFAULT, O_POLICY_RULES,
      O_DETACH_TIMEOUT, O_LOG_LEVEL, O_EXECUTORS_INCLUDE, O_REQUEST_ID_HEADERS, O_REQUEST_HEADERS,
      O_REQUEST_DEADLINE, O_REQUEST_COPY, O_REQUEST_COPY_MAX_BYTES, O_CARRY_LIBRARIES, O_CARRY_THREAD_LOCALS);

  /** The settings' keys, in documentation order. {@link #CONFIG} is not among them: it names the file. */
  public static final List<String> KEYS = keysOf(OPTIONS);

  private static final List<String> KEYS_OUTSIDE_FILE = withConfig();

  private static final AgentConfig DEFAULTS = new AgentConfig(new IdentityHashMap<>(), "defaults");

  /** The values given, by option; an option not in it has its default. */
  private final Map<Option<?>, Object> values;
  private final String sources;

  private AgentConfig(Map<Option<?>, Object> values, String sources) {
    this.values = values;
    this.sources = sources;
  }

  @SuppressWarnings("unchecked")
  private <T> T get(Option<T> option) {
    Object value = values.get(option);
    return value == null ? option.defaultValue : (T) value;
  }

  /** The configuration with nothing set. */
  public static AgentConfig defaults() {
    return DEFAULTS;
  }

  /**
   * Reads the configuration.
   *
   * @param agentArgs what follows {@code =} in {@code -javaagent:detach-agent.jar=...}; null or blank for
   *     nothing
   * @param systemProperties all system properties; only {@code detach.*} are read
   * @param environment all environment variables; only {@code DETACH_*} are read
   * @throws ConfigException at the first problem, described in one line
   */
  public static AgentConfig load(
      String agentArgs, Map<String, String> systemProperties, Map<String, String> environment)
      throws ConfigException {
    Layer system = systemPropertyLayer(systemProperties == null ? Map.of() : systemProperties);
    Layer env = environmentLayer(environment == null ? Map.of() : environment);

    String path = configFromAgentArgs(agentArgs);
    String pathSource = "agent argument";
    if (path == null && system.values.containsKey(CONFIG)) {
      path = system.values.get(CONFIG);
      pathSource = system.source(CONFIG);
    }
    if (path == null && env.values.containsKey(CONFIG)) {
      path = env.values.get(CONFIG);
      pathSource = env.source(CONFIG);
    }
    Layer file = path == null ? null : fileLayer(path, pathSource);

    // Lowest precedence first.
    List<Layer> layers = new ArrayList<>();
    if (file != null) {
      layers.add(file);
    }
    layers.add(env);
    layers.add(system);

    // Every given value is checked, the overridden ones too; each is parsed once, and a higher source's
    // value replaces a lower one's.
    Map<Option<?>, Object> values = new IdentityHashMap<>();
    for (Layer layer : layers) {
      for (String key : layer.values.keySet()) {
        if (!key.equals(CONFIG)) {
          Option<?> option = option(key);
          values.put(option, option.parse(new Setting(key, layer.values.get(key), layer.source(key))));
        }
      }
    }
    // The rules end with the default policy: parsed again with the effective one.
    Setting rules = effective(layers, POLICY_RULES);
    DetachPolicy defaultPolicy =
        (DetachPolicy) values.getOrDefault(O_POLICY_DEFAULT, O_POLICY_DEFAULT.defaultValue);
    values.put(O_POLICY_RULES, rules == null
        ? PolicyRules.none(defaultPolicy)
        : PolicyRules.parse(rules.value, defaultPolicy, rules.source));
    return new AgentConfig(values, describe(file, env, system));
  }

  /** Whether the agent instruments anything ({@code enabled}, default {@code true}). */
  public boolean enabled() {
    return get(O_ENABLED);
  }

  /** The policy of a hand-off no rule matches ({@code policy.default}, default {@code detach}). */
  public DetachPolicy defaultPolicy() {
    return get(O_POLICY_DEFAULT);
  }

  /** The rules of {@code policy.rules} with the built-in rules and the default policy after them. */
  public PolicyRules rules() {
    return get(O_POLICY_RULES);
  }

  /** The deadline of each run of a detached task ({@code detach.timeout}); zero for none. */
  public Duration detachTimeout() {
    return get(O_DETACH_TIMEOUT);
  }

  /** How much the agent reports ({@code log.level}, default {@code info}). */
  public LogLevel logLevel() {
    return get(O_LOG_LEVEL);
  }

  /** Further executor classes to instrument through {@code execute(Runnable)} ({@code executors.include}). */
  public List<String> executorsInclude() {
    return get(O_EXECUTORS_INCLUDE);
  }

  /** Headers naming the request id, first present wins ({@code request.id.headers}). */
  public List<String> requestIdHeaders() {
    return get(O_REQUEST_ID_HEADERS);
  }

  /** Headers the request scope keeps ({@code request.headers}). */
  public List<String> requestHeaders() {
    return get(O_REQUEST_HEADERS);
  }

  /** The deadline of every request's scope ({@code request.deadline}); zero for none. */
  public Duration requestDeadline() {
    return get(O_REQUEST_DEADLINE);
  }

  /** Whether completed requests answer their detached tasks from a copy ({@code request.copy}, default {@code true}). */
  public boolean requestCopy() {
    return get(O_REQUEST_COPY);
  }

  /** The bound of a request copy in bytes ({@code request.copy.max-bytes}, default 262144). */
  public long requestCopyMaxBytes() {
    return get(O_REQUEST_COPY_MAX_BYTES);
  }

  /** The libraries whose context tasks carry ({@code carry.libraries}, default all of them). */
  public List<CarriedLibrary> carryLibraries() {
    return get(O_CARRY_LIBRARIES);
  }

  /** The thread-local fields tasks carry, as {@code CLASS#FIELD} ({@code carry.thread-locals}). */
  public List<String> carryThreadLocals() {
    return get(O_CARRY_THREAD_LOCALS);
  }

  /**
   * Where the settings came from, lowest precedence first, for the start-up line: {@code defaults}, or
   * for instance {@code file /etc/detach.properties, DETACH_LOG_LEVEL, -Ddetach.policy.default}.
   */
  public String describeSources() {
    return sources;
  }

  /** The environment variable for {@code key}: {@code detach.timeout} is {@code DETACH_DETACH_TIMEOUT}. */
  public static String environmentName(String key) {
    return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The system property for {@code key}: {@code policy.default} is {@code detach.policy.default}. */
  public static String systemPropertyName(String key) {
    return SYSTEM_PROPERTY_PREFIX + key;
  }

  /** The default of {@code key} as it would be written in the configuration; empty for none. */
  public static String defaultText(String key) {
    return key.equals(CONFIG) ? "" : option(key).defaultText();
  }

  /** What {@code key} accepts, in words. */
  public static String acceptedText(String key) {
    return key.equals(CONFIG) ? ACCEPTED_CONFIG : option(key).accepted;
  }

  /**
   * A Markdown table of every key with its environment variable, system property, default and accepted
   * values, for the README (and for a test that checks the README against the code).
   */
  public static String describeKeys() {
    StringBuilder out = new StringBuilder();
    out.append("| key | environment | system property | default | accepted |\n");
    out.append("|---|---|---|---|---|\n");
    for (String key : KEYS_OUTSIDE_FILE) {
      String defaultText = defaultText(key);
      out.append("| `").append(key).append("` | `").append(environmentName(key)).append("` | `-D")
          .append(systemPropertyName(key)).append("` | ")
          .append(defaultText.isEmpty() ? "(none)" : "`" + defaultText + "`").append(" | ")
          .append(acceptedText(key).replace("|", "\\|")).append(" |\n");
    }
    return out.toString();
  }

  /** The effective settings and their sources, for the debug log. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("AgentConfig[");
    for (Option<?> option : OPTIONS) {
      out.append(option.key).append('=').append(text(option)).append(", ");
    }
    return out.append("from ").append(sources).append(']').toString();
  }

  private <T> String text(Option<T> option) {
    return option.text.apply(get(option));
  }

  private static Option<?> option(String key) {
    for (Option<?> option : OPTIONS) {
      if (option.key.equals(key)) {
        return option;
      }
    }
    throw new IllegalArgumentException("unknown key " + key);
  }

  private static List<String> keysOf(List<Option<?>> options) {
    List<String> keys = new ArrayList<>();
    for (Option<?> option : options) {
      keys.add(option.key);
    }
    return List.copyOf(keys);
  }

  private static String durationText(Duration d) {
    return d.isZero() ? "0" : d.toString();
  }

  private static String joined(List<String> items) {
    return String.join(",", items);
  }

  // ---------------------------------------------------------------------------------------------
  // Sources

  /** The settings of one source, by key, with how each is spelt there for messages. */
  private static final class Layer {
    final String kind; // "file", "environment", "system"
    final String filePath;
    final Map<String, String> values = new LinkedHashMap<>();

    Layer(String kind, String filePath) {
      this.kind = kind;
      this.filePath = filePath;
    }

    String source(String key) {
      switch (kind) {
        case "file":
          return filePath;
        case "environment":
          return environmentName(key);
        default:
          return "-D" + systemPropertyName(key);
      }
    }
  }

  private static final class Setting {
    final String key;
    final String value;
    final String source;

    Setting(String key, String value, String source) {
      this.key = key;
      this.value = value;
      this.source = source;
    }
  }

  private static Setting effective(List<Layer> layers, String key) {
    for (int i = layers.size() - 1; i >= 0; i--) {
      Layer layer = layers.get(i);
      String value = layer.values.get(key);
      if (value != null) {
        return new Setting(key, value, layer.source(key));
      }
    }
    return null;
  }

  private static Layer systemPropertyLayer(Map<String, String> properties) throws ConfigException {
    Layer layer = new Layer("system", null);
    for (Map.Entry<String, String> e : sorted(properties).entrySet()) {
      String name = e.getKey();
      if (name == null || !name.startsWith(SYSTEM_PROPERTY_PREFIX) || e.getValue() == null) {
        continue;
      }
      String key = name.substring(SYSTEM_PROPERTY_PREFIX.length());
      if (!KEYS_OUTSIDE_FILE.contains(key)) {
        String suggestion = Names.suggest(key, KEYS_OUTSIDE_FILE);
        throw unknownKey(key, "-D" + name,
            suggestion == null ? null : "'" + suggestion + "' (-D" + systemPropertyName(suggestion) + ")",
            KEYS_OUTSIDE_FILE);
      }
      layer.values.put(key, e.getValue().trim());
    }
    return layer;
  }

  private static Layer environmentLayer(Map<String, String> environment) throws ConfigException {
    Layer layer = new Layer("environment", null);
    for (Map.Entry<String, String> e : sorted(environment).entrySet()) {
      String name = e.getKey();
      if (name == null || !name.startsWith(ENVIRONMENT_PREFIX) || e.getValue() == null) {
        continue;
      }
      // '_' stands for '.' or '-': the variable names a key when it is that key's environment name.
      String key = keyOfEnvironmentName(name);
      if (key == null) {
        key = name.substring(ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        String suggestion = Names.suggest(key, KEYS_OUTSIDE_FILE);
        throw unknownKey(key, name,
            suggestion == null ? null : "'" + suggestion + "' (" + environmentName(suggestion) + ")",
            KEYS_OUTSIDE_FILE);
      }
      layer.values.put(key, e.getValue().trim());
    }
    return layer;
  }

  private static String keyOfEnvironmentName(String name) {
    for (String key : KEYS_OUTSIDE_FILE) {
      if (environmentName(key).equals(name)) {
        return key;
      }
    }
    return null;
  }

  private static Layer fileLayer(String path, String pathSource) throws ConfigException {
    if (path.isEmpty()) {
      throw new ConfigException("config= (from " + pathSource + "): the path is empty; accepted: the path of a"
          + " properties file");
    }
    Path file;
    try {
      file = Path.of(path).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new ConfigException("cannot read configuration file " + path + " (from " + pathSource + "): "
          + "InvalidPathException: " + e.getMessage());
    }
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(decode(Files.readAllBytes(file))));
    } catch (IOException e) {
      String detail = e.getMessage();
      boolean detailIsPath = detail == null || detail.equals(file.toString()) || detail.equals(path);
      throw new ConfigException("cannot read configuration file " + file + " (named by " + pathSource + "): "
          + e.getClass().getSimpleName() + (detailIsPath ? "" : ": " + Names.show(detail)));
    } catch (IllegalArgumentException e) {
      // Properties.load rejects a malformed \\uXXXX escape this way.
      throw new ConfigException("cannot read configuration file " + file + " (named by " + pathSource + "): "
          + Names.show(String.valueOf(e.getMessage())));
    }
    Layer layer = new Layer("file", file.toString());
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (key.equals(CONFIG) || key.equals(SYSTEM_PROPERTY_PREFIX + CONFIG)) {
        throw new ConfigException("unknown key '" + key + "' (from " + file + "): a file cannot name another"
            + " file; config is accepted as agent argument config=PATH, -Ddetach.config or DETACH_CONFIG");
      }
      if (!KEYS.contains(key)) {
        String suggestion = Names.suggest(key, KEYS);
        throw unknownKey(key, file.toString(), suggestion == null ? null : "'" + suggestion + "'", KEYS);
      }
      layer.values.put(key, properties.getProperty(key).trim());
    }
    return layer;
  }

  /** UTF-8, as most editors write; a file that is not valid UTF-8 is read as ISO-8859-1, as Java used to. */
  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  /** The file named by the agent argument, or null if it names none. */
  private static String configFromAgentArgs(String agentArgs) throws ConfigException {
    if (agentArgs == null || agentArgs.isBlank()) {
      return null;
    }
    String args = agentArgs.trim();
    int equals = args.indexOf('=');
    if (equals < 0) {
      return args;
    }
    if (args.substring(0, equals).trim().equals(CONFIG)) {
      String path = args.substring(equals + 1).trim();
      if (path.isEmpty()) {
        throw new ConfigException("agent argument '" + Names.show(agentArgs) + "' names no file; "
            + ACCEPTED_AGENT_ARGUMENT);
      }
      return path;
    }
    throw new ConfigException("agent argument '" + Names.show(agentArgs) + "' is not recognised; "
        + ACCEPTED_AGENT_ARGUMENT + " (settings go in that file, -Ddetach.KEY or DETACH_KEY)");
  }

  private static String describe(Layer file, Layer env, Layer system) {
    List<String> parts = new ArrayList<>();
    if (file != null) {
      parts.add("file " + file.filePath);
    }
    for (Layer layer : new Layer[] {env, system}) {
      for (String key : KEYS) {
        if (layer.values.containsKey(key)) {
          parts.add(layer.source(key));
        }
      }
    }
    return parts.isEmpty() ? "defaults" : String.join(", ", parts);
  }

  /** Sorted so that with several bad entries the one reported does not depend on hash order. */
  private static Map<String, String> sorted(Map<String, String> map) {
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey() != null) {
        sorted.put(e.getKey(), e.getValue());
      }
    }
    return sorted;
  }

  private static ConfigException unknownKey(String key, String source, String suggestion, List<String> known) {
    return new ConfigException("unknown key '" + Names.show(key) + "' (from " + Names.show(source) + ")"
        + (suggestion == null ? "; " : "; did you mean " + suggestion + "? ")
        + "known keys: " + String.join(", ", known));
  }

  private static List<String> withConfig() {
    List<String> keys = new ArrayList<>();
    keys.add(CONFIG);
    keys.addAll(KEYS);
    return Collections.unmodifiableList(keys);
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  private static ConfigException badValue(Setting s, String problem) {
    return new ConfigException(s.key + "=" + Names.show(s.value) + " (from " + s.source + "): " + problem);
  }

  /** The end of an error line about a value of {@code option}: what it accepts. */
  private static String accepted(Option<?> option) {
    return (option.enumerated ? "accepted values are " : "accepted: ") + option.accepted;
  }

  private static Boolean parseBoolean(Setting s, Option<Boolean> o) throws ConfigException {
    if (s.value.equalsIgnoreCase("true")) {
      return true;
    }
    if (s.value.equalsIgnoreCase("false")) {
      return false;
    }
    throw badValue(s, accepted(o));
  }

  private static Long parseByteCount(Setting s, Option<Long> o) throws ConfigException {
    String v = s.value;
    long factor = 1;
    String digits = v;
    if (v.endsWith("k") || v.endsWith("K")) {
      factor = 1024;
      digits = v.substring(0, v.length() - 1);
    } else if (v.endsWith("m") || v.endsWith("M")) {
      factor = 1024 * 1024;
      digits = v.substring(0, v.length() - 1);
    }
    if (digits.isEmpty() || digits.length() > 12 || !isDigits(digits, 0, digits.length())) {
      throw badValue(s, accepted(o));
    }
    long n = Long.parseLong(digits) * factor;
    if (n <= 0) {
      throw badValue(s, "must be more than 0; " + accepted(o));
    }
    return n;
  }

  private static DetachPolicy parsePolicy(Setting s, Option<DetachPolicy> o) throws ConfigException {
    DetachPolicy policy = PolicyRules.policyFromConfigName(s.value);
    if (policy == null) {
      throw badValue(s, accepted(o));
    }
    return policy;
  }

  private static LogLevel parseLogLevel(Setting s, Option<LogLevel> o) throws ConfigException {
    LogLevel level = LogLevel.fromConfigName(s.value);
    if (level == null) {
      throw badValue(s, accepted(o));
    }
    return level;
  }

  private static Duration parseDuration(Setting s, Option<Duration> o) throws ConfigException {
    Duration duration = parseDuration(s.value);
    if (duration == null) {
      String v = s.value;
      if (!v.isEmpty() && isDigits(v, v.startsWith("-") ? 1 : 0, v.length())) {
        throw badValue(s, "add a unit: ms, s, m, h (a plain number is ambiguous); " + accepted(o));
      }
      throw badValue(s, accepted(o));
    }
    if (duration.isNegative()) {
      throw badValue(s, "must not be negative; " + accepted(o));
    }
    return duration;
  }

  /** The duration, possibly negative, or null if {@code text} is in none of the accepted forms. */
  static Duration parseDuration(String text) {
    String t = text.trim();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.startsWith("p") || lower.startsWith("-p") || lower.startsWith("+p")) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    int unitStart = lower.length();
    while (unitStart > 0 && Character.isLetter(lower.charAt(unitStart - 1))) {
      unitStart--;
    }
    String unit = lower.substring(unitStart);
    String number = lower.substring(0, unitStart).trim();
    boolean negative = number.startsWith("-");
    if (!isDigits(number, negative ? 1 : 0, number.length())) {
      return null;
    }
    try {
      long amount = Long.parseLong(number);
      switch (unit) {
        case "ms":
          return Duration.ofMillis(amount);
        case "s":
          return Duration.ofSeconds(amount);
        case "m":
          return Duration.ofMinutes(amount);
        case "h":
          return Duration.ofHours(amount);
        default:
          return null;
      }
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  private static boolean isDigits(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** One item of a comma-separated value, checked and converted. */
  @FunctionalInterface
  private interface Item<T> {
    T parse(String item) throws ConfigException;
  }

  /** The items of a comma-separated value: trimmed, empty ones skipped, repeats dropped, order kept. */
  private static <T> List<T> commaSeparated(Setting s, Item<T> item) throws ConfigException {
    LinkedHashSet<T> items = new LinkedHashSet<>();
    for (String part : s.value.split(",", -1)) {
      String text = part.trim();
      if (!text.isEmpty()) {
        items.add(item.parse(text));
      }
    }
    return List.copyOf(items);
  }

  private static List<String> parseClassNames(Setting s, Option<List<String>> o) throws ConfigException {
    return commaSeparated(s, name -> {
      if (!Names.isBinaryClassName(name)) {
        String why = name.indexOf('*') >= 0
            ? "wildcards are not accepted here"
            : name.indexOf('/') >= 0 ? "use dots, not slashes" : "not a class name";
        throw badValue(s, "'" + Names.show(name) + "': " + why + "; " + accepted(o));
      }
      return name;
    });
  }

  private static List<CarriedLibrary> parseLibraries(Setting s, Option<List<CarriedLibrary>> o) throws ConfigException {
    return commaSeparated(s, name -> {
      CarriedLibrary library = CarriedLibrary.fromConfigName(name.toLowerCase(Locale.ROOT));
      if (library == null) {
        throw badValue(s, "'" + Names.show(name) + "' is not a library Detach carries; " + accepted(o));
      }
      return library;
    });
  }

  private static List<String> parseThreadLocals(Setting s, Option<List<String>> o) throws ConfigException {
    return commaSeparated(s, entry -> {
      int hash = entry.indexOf('#');
      String className = hash < 0 ? entry : entry.substring(0, hash);
      String field = hash < 0 ? "" : entry.substring(hash + 1);
      if (hash < 0 || !Names.isBinaryClassName(className) || !isJavaIdentifier(field)) {
        String why = hash < 0 ? "names no field" : !Names.isBinaryClassName(className) ? "not a class name"
            : "not a field name";
        throw badValue(s, "'" + Names.show(entry) + "': " + why + "; " + accepted(o));
      }
      return entry;
    });
  }

  private static boolean isJavaIdentifier(String name) {
    if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!Character.isJavaIdentifierPart(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The names {@code carry.libraries} accepts, in order: {@code mdc, log4j2, spring, grpc}. */
  private static String libraryNames() {
    return configNames(List.of(CarriedLibrary.values())).replace(",", ", ");
  }

  private static String configNames(List<CarriedLibrary> libraries) {
    List<String> names = new ArrayList<>();
    for (CarriedLibrary library : libraries) {
      names.add(library.configName());
    }
    return String.join(",", names);
  }

  private static List<String> parseHeaderNames(Setting s, Option<List<String>> o) throws ConfigException {
    return commaSeparated(s, name -> {
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        // RFC 9110 token characters.
        if (!(Character.isLetterOrDigit(c) && c < 128) && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
          throw badValue(s, "'" + Names.show(name) + "' is not a header name; " + accepted(o));
        }
      }
      return name;
    });
  }
}
