package dev.detach.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detach.agent.carrier.CarriedLibrary;
import dev.detach.agent.runtime.DetachPolicy;
import dev.detach.agent.runtime.HandoffKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentConfigTest {

  @TempDir Path dir;

  private static final String KNOWN_KEYS =
      "known keys: enabled, policy.default, policy.rules, detach.timeout, log.level, executors.include,"
          + " request.id.headers, request.headers, request.deadline, request.copy, request.copy.max-bytes,"
          + " carry.libraries, carry.thread-locals";
  private static final String KNOWN_KEYS_WITH_CONFIG =
      "known keys: config, enabled, policy.default, policy.rules, detach.timeout, log.level, executors.include,"
          + " request.id.headers, request.headers, request.deadline, request.copy, request.copy.max-bytes,"
          + " carry.libraries, carry.thread-locals";

  private static AgentConfig fromSystem(String key, String value) throws ConfigException {
    return AgentConfig.load(null, Map.of("detach." + key, value), Map.of());
  }

  private Path file(String content) throws IOException {
    Path file = Files.createTempFile(dir, "detach", ".properties");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(ThrowingLoad load) {
    return assertThatThrownBy(load::load)
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @FunctionalInterface
  interface ThrowingLoad {
    void load() throws Exception;
  }

  @Nested
  class Defaults {

    @Test
    void nothingConfigured() throws ConfigException {
      for (AgentConfig config : List.of(
          AgentConfig.defaults(),
          AgentConfig.load(null, Map.of(), Map.of()),
          AgentConfig.load("  ", Map.of("java.version", "17", "detachment", "x"), Map.of("DETACH", "x", "PATH", "/bin")))) {
        assertThat(config.enabled()).isTrue();
        assertThat(config.defaultPolicy()).isEqualTo(DetachPolicy.DETACH);
        assertThat(config.rules().usesCaller()).isFalse();
        assertThat(config.rules().decide(HandoffKind.EXECUTOR, ForkJoinPool.class, null)).isEqualTo(DetachPolicy.DETACH);
        assertThat(config.detachTimeout()).isEqualTo(Duration.ZERO);
        assertThat(config.logLevel()).isEqualTo(LogLevel.INFO);
        assertThat(config.executorsInclude()).isEmpty();
        assertThat(config.carryLibraries()).containsExactly(
            CarriedLibrary.MDC, CarriedLibrary.LOG4J2, CarriedLibrary.SPRING, CarriedLibrary.GRPC);
        assertThat(config.carryThreadLocals()).isEmpty();
        assertThat(config.describeSources()).isEqualTo("defaults");
      }
    }

    @Test
    void keysAreListedInOrderAndDescribed() {
      assertThat(AgentConfig.KEYS).containsExactly(
          "enabled", "policy.default", "policy.rules", "detach.timeout", "log.level", "executors.include",
          "request.id.headers", "request.headers", "request.deadline", "request.copy", "request.copy.max-bytes",
          "carry.libraries", "carry.thread-locals");
      String table = AgentConfig.describeKeys();
      assertThat(table).contains("| `carry.libraries` | `DETACH_CARRY_LIBRARIES` | `-Ddetach.carry.libraries` |"
          + " `mdc,log4j2,spring,grpc` |");
      assertThat(table).contains("| `carry.thread-locals` | `DETACH_CARRY_THREAD_LOCALS` | `-Ddetach.carry.thread-locals` |"
          + " (none) |");
      assertThat(table).contains("| `config` | `DETACH_CONFIG` | `-Ddetach.config` |");
      assertThat(table).contains("| `detach.timeout` | `DETACH_DETACH_TIMEOUT` | `-Ddetach.detach.timeout` | `0` |");
      assertThat(table).contains("| `policy.default` | `DETACH_POLICY_DEFAULT` | `-Ddetach.policy.default` | `detach` |");
      assertThat(table.lines()).hasSize(2 + 1 + AgentConfig.KEYS.size());
      assertThat(AgentConfig.environmentName("executors.include")).isEqualTo("DETACH_EXECUTORS_INCLUDE");
      assertThat(AgentConfig.systemPropertyName("log.level")).isEqualTo("detach.log.level");
    }
  }

  @Nested
  class Values {

    @ParameterizedTest
    @CsvSource({"true,true", "false,false", "FALSE,false", "True,true", "' false ',false"})
    void enabled(String value, boolean expected) throws ConfigException {
      assertThat(fromSystem("enabled", value).enabled()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"detach,DETACH", "propagate,PROPAGATE", "off,OFF", "PROPAGATE,PROPAGATE"})
    void defaultPolicy(String value, DetachPolicy expected) throws ConfigException {
      AgentConfig config = fromSystem("policy.default", value);
      assertThat(config.defaultPolicy()).isEqualTo(expected);
      assertThat(config.rules().defaultPolicy()).isEqualTo(expected);
      assertThat(config.rules().decide(HandoffKind.EXECUTOR, null, null)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
      "0,0", "0ms,0", "250ms,250", "30s,30000", "30 s,30000", "5m,300000", "2h,7200000", "2H,7200000",
      "PT30S,30000", "pt0.5s,500", "P1D,86400000"
    })
    void detachTimeout(String value, long expectedMillis) throws ConfigException {
      assertThat(fromSystem("detach.timeout", value).detachTimeout()).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @ParameterizedTest
    @CsvSource({"262144,262144", "256k,262144", "1m,1048576", "1M,1048576", "1,1"})
    void requestCopyMaxBytes(String value, long expected) throws ConfigException {
      assertThat(fromSystem("request.copy.max-bytes", value).requestCopyMaxBytes()).isEqualTo(expected);
    }

    @Test
    void requestCopyIsOnUnlessTurnedOff() throws ConfigException {
      assertThat(AgentConfig.load(null, Map.of(), Map.of()).requestCopy()).isTrue();
      assertThat(AgentConfig.load(null, Map.of(), Map.of()).requestCopyMaxBytes()).isEqualTo(262_144);
      assertThat(fromSystem("request.copy", "false").requestCopy()).isFalse();
    }

    @Test
    void requestSettingsHaveDefaults() throws ConfigException {
      AgentConfig config = AgentConfig.load(null, Map.of(), Map.of());
      assertThat(config.requestIdHeaders()).containsExactly("X-Request-Id", "traceparent");
      assertThat(config.requestHeaders()).isEmpty();
      assertThat(config.requestDeadline()).isZero();
    }

    @Test
    void requestHeaderListsAndDeadline() throws ConfigException {
      assertThat(fromSystem("request.id.headers", " X-Correlation-Id , traceparent ,").requestIdHeaders())
          .containsExactly("X-Correlation-Id", "traceparent");
      assertThat(fromSystem("request.headers", "X-Tenant,User-Agent").requestHeaders())
          .containsExactly("X-Tenant", "User-Agent");
      assertThat(fromSystem("request.deadline", "30s").requestDeadline()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aHeaderNameWithASpaceIsRejected() {
      assertThatThrownBy(() -> fromSystem("request.headers", "X Tenant"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("request.headers")
          .hasMessageContaining("X Tenant")
          .hasMessageContaining("header names");
    }

    @ParameterizedTest
    @CsvSource({"off,OFF", "error,ERROR", "warn,WARN", "info,INFO", "debug,DEBUG", "DEBUG,DEBUG"})
    void logLevel(String value, LogLevel expected) throws ConfigException {
      assertThat(fromSystem("log.level", value).logLevel()).isEqualTo(expected);
    }

    @Test
    void executorsInclude() throws ConfigException {
      assertThat(fromSystem("executors.include", " com.acme.Pool, com.acme.Outer$Inner,,org.x.Y ,com.acme.Pool,")
          .executorsInclude())
          .containsExactly("com.acme.Pool", "com.acme.Outer$Inner", "org.x.Y");
      assertThat(fromSystem("executors.include", "").executorsInclude()).isEmpty();
    }

    @Test
    void carryLibraries() throws ConfigException {
      assertThat(fromSystem("carry.libraries", " grpc, MDC ,,grpc").carryLibraries())
          .containsExactly(CarriedLibrary.GRPC, CarriedLibrary.MDC);
      assertThat(fromSystem("carry.libraries", "").carryLibraries()).isEmpty();
      assertThat(fromSystem("carry.libraries", "spring,log4j2").toString())
          .contains("carry.libraries=spring,log4j2,");
    }

    @Test
    void carryThreadLocals() throws ConfigException {
      assertThat(fromSystem("carry.thread-locals", " com.acme.TenantContext#CURRENT, com.acme.Outer$Inner#holder,,")
          .carryThreadLocals())
          .containsExactly("com.acme.TenantContext#CURRENT", "com.acme.Outer$Inner#holder");
      assertThat(AgentConfig.load(null, Map.of(), Map.of("DETACH_CARRY_THREAD_LOCALS", "com.acme.T#CURRENT"))
          .carryThreadLocals())
          .containsExactly("com.acme.T#CURRENT");
      assertThat(fromSystem("carry.thread-locals", "").carryThreadLocals()).isEmpty();
    }

    @Test
    void policyRulesUseTheConfiguredDefault() throws ConfigException {
      AgentConfig config = AgentConfig.load(null, Map.of(
          "detach.policy.rules", "executor:java.util.concurrent.ForkJoinPool = off",
          "detach.policy.default", "propagate"), Map.of());
      assertThat(config.rules().decide(HandoffKind.FORK_JOIN, ForkJoinPool.class, null)).isEqualTo(DetachPolicy.OFF);
      assertThat(config.rules().decide(HandoffKind.EXECUTOR, null, null)).isEqualTo(DetachPolicy.PROPAGATE);
      assertThat(config.toString()).contains("executor:java.util.concurrent.ForkJoinPool = off");
    }

    @Test
    void rulesOverSeveralLinesOfTheFile() throws Exception {
      Path file = file("policy.rules = executor:java.util.concurrent.ForkJoinPool = propagate; \\\n"
          + "    kind:timer = off\n");
      PolicyRules rules = AgentConfig.load("config=" + file, Map.of(), Map.of()).rules();
      assertThat(rules.decide(HandoffKind.FORK_JOIN, ForkJoinPool.class, null)).isEqualTo(DetachPolicy.PROPAGATE);
      assertThat(rules.decide(HandoffKind.TIMER, null, null)).isEqualTo(DetachPolicy.OFF);
    }
  }

  @Nested
  class BadValues {

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
      "enabled#yes#accepted values are true, false",
      "enabled##accepted values are true, false",
      "policy.default#detachh#accepted values are detach, propagate, off",
      "log.level#verbose#accepted values are off, error, warn, info, debug",
      "detach.timeout#30#add a unit: ms, s, m, h",
      "detach.timeout#-5s#must not be negative",
      "detach.timeout#PT-5S#must not be negative",
      "detach.timeout#30sec#accepted: 0 (no deadline), a whole number with a unit ms, s, m or h (250ms, 30s, 5m,"
          + " 2h), or ISO-8601 (PT30S)",
      "detach.timeout#1.5s#accepted: 0 (no deadline)",
      "detach.timeout#PTxS#accepted: 0 (no deadline)",
      "detach.timeout#99999999999999999999h#accepted: 0 (no deadline)",
      "executors.include#com.acme.*#'com.acme.*': wildcards are not accepted here; accepted: fully-qualified class"
          + " names separated by commas",
      "executors.include#com.acme.Pool,com/acme/Other#'com/acme/Other': use dots, not slashes",
      "executors.include#com..acme.Pool#'com..acme.Pool': not a class name",
      "request.copy#maybe#accepted values are true, false",
      "request.copy.max-bytes#0#must be more than 0",
      "request.copy.max-bytes#-1#a whole number of bytes, or with k or m (262144, 256k, 1m)",
      "request.copy.max-bytes#1g#a whole number of bytes, or with k or m (262144, 256k, 1m)",
    })
    void fromEachSourceNamingKeyValueSourceAndAcceptedForms(String key, String value, String accepted)
        throws Exception {
      String v = value == null ? "" : value;
      String expected = key + "=" + v + " (from ";

      assertFails(() -> fromSystem(key, v))
          .hasMessageStartingWith(expected + "-Ddetach." + key + "): ")
          .hasMessageContaining(accepted);
      assertFails(() -> AgentConfig.load(null, Map.of(), Map.of(AgentConfig.environmentName(key), v)))
          .hasMessageStartingWith(expected + AgentConfig.environmentName(key) + "): ")
          .hasMessageContaining(accepted);
      Path file = file(key + "=" + v + "\n");
      assertFails(() -> AgentConfig.load("config=" + file, Map.of(), Map.of()))
          .hasMessageStartingWith(expected + file.toAbsolutePath().normalize() + "): ")
          .hasMessageContaining(accepted);
    }

    @Test
    void anUnknownLibraryIsAnError() {
      assertFails(() -> fromSystem("carry.libraries", "mdc,logback"))
          .hasMessage("carry.libraries=mdc,logback (from -Ddetach.carry.libraries): 'logback' is not a library Detach"
              + " carries; accepted: mdc, log4j2, spring, grpc, separated by commas; empty for none");
      assertFails(() -> AgentConfig.load(null, Map.of(), Map.of("DETACH_CARRY_LIBRARIES", "otel")))
          .hasMessageStartingWith("carry.libraries=otel (from DETACH_CARRY_LIBRARIES): 'otel' is not a library");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
      "com.acme.TenantContext|names no field",
      "com.acme.TenantContext#|not a field name",
      "com.acme.TenantContext#CURRENT.value|not a field name",
      "com/acme/TenantContext#CURRENT|not a class name",
      "#CURRENT|not a class name",
    })
    void aBadThreadLocalEntryIsAnError(String entry, String why) {
      assertFails(() -> fromSystem("carry.thread-locals", "com.acme.Ok#OK, " + entry))
          .hasMessage("carry.thread-locals=com.acme.Ok#OK, " + entry + " (from -Ddetach.carry.thread-locals): '"
              + entry + "': " + why + "; accepted: static ThreadLocal fields as CLASS#FIELD separated by commas"
              + " (com.acme.TenantContext#CURRENT)");
    }

    @Test
    void theExampleMessage() {
      assertFails(() -> fromSystem("policy.default", "detachh"))
          .hasMessage("policy.default=detachh (from -Ddetach.policy.default): accepted values are detach, propagate, off");
    }

    @Test
    void badRuleNamesTheKeyTheRuleTheSourceAndTheSyntax() {
      assertFails(() -> AgentConfig.load(null, Map.of(),
              Map.of("DETACH_POLICY_RULES", "kind:thread=off\nexecutor:com.acme.Pool=propagte")))
          .hasMessage("policy.rules rule 'executor:com.acme.Pool=propagte' (from DETACH_POLICY_RULES): unknown policy"
              + " 'propagte'; accepted values are detach, propagate, off");
    }

    @Test
    void overriddenValuesAreCheckedToo() throws Exception {
      Path file = file("log.level=loud\n");
      assertFails(() -> AgentConfig.load("config=" + file, Map.of("detach.log.level", "debug"), Map.of()))
          .hasMessageStartingWith("log.level=loud (from " + file.toAbsolutePath().normalize() + ")");
    }

    @Test
    void lineBreaksInAValueStayOnOneLine() {
      assertFails(() -> fromSystem("log.level", "info\ndebug"))
          .hasMessageStartingWith("log.level=info\\ndebug (from -Ddetach.log.level)");
    }
  }

  @Nested
  class Precedence {

    @Test
    void fileThenEnvironmentThenSystemProperties() throws Exception {
      Path file = file("# settings\nlog.level=warn\npolicy.default=off\ndetach.timeout=5m\nenabled=true\n");
      AgentConfig config = AgentConfig.load("config=" + file,
          Map.of("detach.detach.timeout", "30s"),
          Map.of("DETACH_POLICY_DEFAULT", "propagate", "DETACH_DETACH_TIMEOUT", "1h"));

      assertThat(config.logLevel()).isEqualTo(LogLevel.WARN);
      assertThat(config.defaultPolicy()).isEqualTo(DetachPolicy.PROPAGATE);
      assertThat(config.detachTimeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(config.enabled()).isTrue();
      assertThat(config.describeSources()).isEqualTo("file " + file.toAbsolutePath().normalize()
          + ", DETACH_POLICY_DEFAULT, DETACH_DETACH_TIMEOUT, -Ddetach.detach.timeout");
    }

    @Test
    void environmentAloneAndSystemPropertiesAlone() throws ConfigException {
      assertThat(AgentConfig.load(null, Map.of(), Map.of("DETACH_ENABLED", "false")).enabled()).isFalse();
      AgentConfig config = AgentConfig.load(null, Map.of("detach.log.level", "debug"), Map.of("DETACH_LOG_LEVEL", "off"));
      assertThat(config.logLevel()).isEqualTo(LogLevel.DEBUG);
      assertThat(config.describeSources()).isEqualTo("DETACH_LOG_LEVEL, -Ddetach.log.level");
    }

    @Test
    void theAgentArgumentNamesTheFileOverSystemPropertyAndEnvironment() throws Exception {
      Path fromArgument = file("log.level=debug\n");
      Path fromProperty = file("log.level=warn\n");
      Path fromEnvironment = file("log.level=error\n");
      Map<String, String> system = Map.of("detach.config", fromProperty.toString());
      Map<String, String> env = Map.of("DETACH_CONFIG", fromEnvironment.toString());

      assertThat(AgentConfig.load("config=" + fromArgument, system, env).logLevel()).isEqualTo(LogLevel.DEBUG);
      assertThat(AgentConfig.load(" config = " + fromArgument + " ", system, env).logLevel()).isEqualTo(LogLevel.DEBUG);
      assertThat(AgentConfig.load(fromArgument.toString(), system, env).logLevel()).isEqualTo(LogLevel.DEBUG);
      assertThat(AgentConfig.load(null, system, env).logLevel()).isEqualTo(LogLevel.WARN);
      assertThat(AgentConfig.load("", Map.of(), env).logLevel()).isEqualTo(LogLevel.ERROR);
      assertThat(AgentConfig.load(null, Map.of(), env).describeSources())
          .isEqualTo("file " + fromEnvironment.toAbsolutePath().normalize());
    }

    @Test
    void aRelativePathIsResolvedAgainstTheWorkingDirectory() throws Exception {
      Path file = file("log.level=debug\n");
      Path relative = Path.of("").toAbsolutePath().relativize(file);
      AgentConfig config = AgentConfig.load("config=" + relative, Map.of(), Map.of());
      assertThat(config.logLevel()).isEqualTo(LogLevel.DEBUG);
      assertThat(config.describeSources()).isEqualTo("file " + file.toAbsolutePath().normalize());
    }

    @Test
    void fileInUtf8OrLatin1() throws Exception {
      Path utf8 = file("# café, naïve\nlog.level=debug\n");
      assertThat(AgentConfig.load("config=" + utf8, Map.of(), Map.of()).logLevel()).isEqualTo(LogLevel.DEBUG);
      Path latin1 = dir.resolve("latin1.properties");
      Files.write(latin1, "# caf\u00e9\nlog.level=warn\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(AgentConfig.load("config=" + latin1, Map.of(), Map.of()).logLevel()).isEqualTo(LogLevel.WARN);
    }
  }

  @Nested
  class BadSources {

    @Test
    void unknownKeyInTheFile() throws Exception {
      Path file = file("polcy.default=off\n");
      assertFails(() -> AgentConfig.load("config=" + file, Map.of(), Map.of()))
          .hasMessage("unknown key 'polcy.default' (from " + file.toAbsolutePath().normalize()
              + "); did you mean 'policy.default'? " + KNOWN_KEYS);
    }

    @Test
    void systemPropertySpellingInTheFile() throws Exception {
      Path file = file("detach.policy.default=off\n");
      assertFails(() -> AgentConfig.load("config=" + file, Map.of(), Map.of()))
          .hasMessageContaining("unknown key 'detach.policy.default'")
          .hasMessageContaining("did you mean 'policy.default'?");
    }

    @Test
    void theFileCannotNameAnotherFile() throws Exception {
      Path file = file("config=other.properties\n");
      assertFails(() -> AgentConfig.load("config=" + file, Map.of(), Map.of()))
          .hasMessageStartingWith("unknown key 'config' (from " + file.toAbsolutePath().normalize() + ")")
          .hasMessageContaining("agent argument config=PATH, -Ddetach.config or DETACH_CONFIG");
    }

    @Test
    void unknownSystemProperty() {
      assertFails(() -> AgentConfig.load(null, Map.of("detach.polcy.default", "off"), Map.of()))
          .hasMessage("unknown key 'polcy.default' (from -Ddetach.polcy.default); did you mean 'policy.default'"
              + " (-Ddetach.policy.default)? " + KNOWN_KEYS_WITH_CONFIG);
      assertFails(() -> AgentConfig.load(null, Map.of("detach.timeout", "30s"), Map.of()))
          .hasMessageContaining("did you mean 'detach.timeout' (-Ddetach.detach.timeout)?");
      assertFails(() -> AgentConfig.load(null, Map.of("detach.frobnicate", "1"), Map.of()))
          .hasMessage("unknown key 'frobnicate' (from -Ddetach.frobnicate); " + KNOWN_KEYS_WITH_CONFIG);
    }

    @Test
    void unknownEnvironmentVariable() {
      assertFails(() -> AgentConfig.load(null, Map.of(), Map.of("DETACH_POLCY_DEFAULT", "off")))
          .hasMessage("unknown key 'polcy.default' (from DETACH_POLCY_DEFAULT); did you mean 'policy.default'"
              + " (DETACH_POLICY_DEFAULT)? " + KNOWN_KEYS_WITH_CONFIG);
      assertFails(() -> AgentConfig.load(null, Map.of(), Map.of("DETACH_TIMEOUT", "30s")))
          .hasMessageContaining("did you mean 'detach.timeout' (DETACH_DETACH_TIMEOUT)?");
    }

    @Test
    void missingFile() {
      Path missing = dir.resolve("nope/detach.properties");
      assertFails(() -> AgentConfig.load("config=" + missing, Map.of(), Map.of()))
          .hasMessage("cannot read configuration file " + missing + " (named by agent argument): NoSuchFileException");
      assertFails(() -> AgentConfig.load(null, Map.of(), Map.of("DETACH_CONFIG", missing.toString())))
          .hasMessage("cannot read configuration file " + missing + " (named by DETACH_CONFIG): NoSuchFileException");
    }

    @Test
    void directoryInsteadOfFile() {
      assertFails(() -> AgentConfig.load("config=" + dir, Map.of(), Map.of()))
          .hasMessageStartingWith("cannot read configuration file " + dir + " (named by agent argument): IOException");
    }

    @Test
    void emptyPath() {
      assertFails(() -> AgentConfig.load("config=", Map.of(), Map.of()))
          .hasMessage("agent argument 'config=' names no file; accepted: config=PATH");
      assertFails(() -> AgentConfig.load(null, Map.of("detach.config", " "), Map.of()))
          .hasMessageStartingWith("config= (from -Ddetach.config): the path is empty");
    }

    @Test
    void otherAgentArguments() {
      for (String args : List.of("policy.default=off", "file=/etc/detach.properties", "=x")) {
        assertFails(() -> AgentConfig.load(args, Map.of(), Map.of()))
            .hasMessageStartingWith("agent argument '" + args + "' is not recognised; accepted: config=PATH");
      }
    }

    @Test
    void firstBadEntryIsReportedWhateverTheMapOrder() {
      Map<String, String> system = new HashMap<>();
      for (int i = 0; i < 20; i++) {
        system.put("detach.zz" + i, "x");
      }
      system.put("detach.aa", "x");
      assertFails(() -> AgentConfig.load(null, system, Map.of())).hasMessageStartingWith("unknown key 'aa'");
    }
  }
}
