package dev.detach.agent.config;

import static dev.detach.agent.runtime.DetachPolicy.DETACH;
import static dev.detach.agent.runtime.DetachPolicy.OFF;
import static dev.detach.agent.runtime.DetachPolicy.PROPAGATE;
import static dev.detach.agent.runtime.HandoffKind.COMPLETABLE_FUTURE;
import static dev.detach.agent.runtime.HandoffKind.CUSTOM_EXECUTOR;
import static dev.detach.agent.runtime.HandoffKind.EXECUTOR;
import static dev.detach.agent.runtime.HandoffKind.FORK_JOIN;
import static dev.detach.agent.runtime.HandoffKind.SCHEDULED;
import static dev.detach.agent.runtime.HandoffKind.THREAD;
import static dev.detach.agent.runtime.HandoffKind.VIRTUAL_THREAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.example.callers.Submitter;
import dev.detach.agent.runtime.DetachPolicy;
import dev.detach.agent.runtime.HandoffKind;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyRulesTest {

  static class AppPool extends ThreadPoolExecutor {
    AppPool() {
      super(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    }
  }

  static class FanOutPool extends AppPool {}

  static class AuditTask implements Runnable {
    @Override
    public void run() {}
  }

  static class NightlyAuditTask extends AuditTask {}

  static class ReportTask implements Runnable {
    @Override
    public void run() {}
  }

  private static final String TEST = "dev.detach.agent.config.PolicyRulesTest";

  private static PolicyRules parse(String text) throws ConfigException {
    return PolicyRules.parse(text, DETACH);
  }

  @Nested
  class Parsing {

    @Test
    void noRulesGivesTheDefaultForEveryKind() throws ConfigException {
      for (DetachPolicy policy : DetachPolicy.values()) {
        PolicyRules rules = PolicyRules.none(policy);
        for (HandoffKind kind : List.of(EXECUTOR, SCHEDULED, COMPLETABLE_FUTURE, CUSTOM_EXECUTOR)) {
          assertThat(rules.decide(kind, ThreadPoolExecutor.class, AuditTask.class)).isEqualTo(policy);
        }
        assertThat(parse("").decide(EXECUTOR, null, null)).isEqualTo(DETACH);
        assertThat(rules.defaultPolicy()).isEqualTo(policy);
      }
    }

    @Test
    void toleratesWhitespaceCaseAndBothSeparators() throws ConfigException {
      PolicyRules rules = parse("  executor : " + TEST + "$FanOutPool | java.util.concurrent.ForkJoinPool =  PROPAGATE ;\n"
          + "\tKIND: Thread|virtual-thread&caller:org.eclipse.jetty.* = off\r\n;;\n"
          + "task:" + TEST + "$AuditTask=Off");

      assertThat(rules.toString()).isEqualTo("PolicyRules["
          + "executor:" + TEST + "$FanOutPool|java.util.concurrent.ForkJoinPool = propagate; "
          + "kind:Thread|virtual-thread & caller:org.eclipse.jetty.* = off; "
          + "task:" + TEST + "$AuditTask = off; "
          + "then built-in rules; otherwise detach]");
      assertThat(rules.decide(EXECUTOR, FanOutPool.class, null)).isEqualTo(PROPAGATE);
      assertThat(rules.decide(EXECUTOR, null, AuditTask.class)).isEqualTo(OFF);
    }

    @Test
    void rulesOnContinuationLinesOfAPropertiesFile() throws Exception {
      java.util.Properties p = new java.util.Properties();
      p.load(new java.io.StringReader("policy.rules = executor:java.util.concurrent.ForkJoinPool = propagate; \\\n"
          + "    task:" + TEST + "$AuditTask = off\n"));
      PolicyRules rules = parse(p.getProperty("policy.rules"));
      assertThat(rules.decide(FORK_JOIN, ForkJoinPool.class, null)).isEqualTo(PROPAGATE);
      assertThat(rules.decide(EXECUTOR, null, AuditTask.class)).isEqualTo(OFF);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
      "executor:com.acme.Pool# missing '= POLICY' at the end; accepted: CONDITION [& CONDITION ...] = POLICY",
      "executor:com.acme.Pool = off = detach# more than one '='",
      "= off# no condition before '='",
      "kind:thread & = off# empty condition around '&'",
      "kind:thread && caller:a.b.* = off# empty condition around '&'",
      "thread = off# condition 'thread' has no ':'; accepted conditions are kind:KIND, executor:PATTERN,"
          + " task:PATTERN, caller:PATTERN, stack:PATTERN",
      "exec:com.acme.Pool = off# unknown condition 'exec:com.acme.Pool'; did you mean 'executor:'?"
          + " accepted conditions are kind:KIND",
      "kind:threads = off# unknown kind 'threads'; did you mean 'thread'? accepted kinds are executor, scheduled,"
          + " fork-join, completable-future, thread, virtual-thread, timer, custom-executor",
      "kind:thread|fiber = off# unknown kind 'fiber'; accepted kinds are",
      "executor:com..acme = off# 'com..acme' is not a class name pattern; accepted patterns are an exact class"
          + " name (com.acme.Pool, com.acme.Outer$Inner), a package wildcard (com.acme.*, which includes"
          + " sub-packages) or a prefix wildcard (com.acme.Report*)",
      "task:* = off# '*' is not a class name pattern",
      "caller:com.*.web = off# 'com.*.web' is not a class name pattern",
      "stack:com.acme.** = off# 'com.acme.**' is not a class name pattern",
      "executor:com/acme/Pool = off# 'com/acme/Pool' is not a class name pattern",
      "executor:com.acme.Pool|| com.acme.Other = off# has an empty alternative",
      "executor: = off# has an empty alternative",
      "executor:com.acme.Pool = propagte# unknown policy 'propagte'; accepted values are detach, propagate, off",
      "executor:com.acme.Pool =# unknown policy ''",
    })
    void rejectsABadRuleNamingItAndWhatIsAccepted(String rule, String expected) {
      String text = "kind:timer = off; " + rule + "; kind:thread = off";
      assertThatThrownBy(() -> parse(text))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("policy.rules rule '" + rule.trim() + "': ")
          .hasMessageContaining(expected.trim())
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void namesTheSourceWhenKnown() {
      assertThatThrownBy(() -> PolicyRules.parse("kind:thred=off", DETACH, "-Ddetach.policy.rules"))
          .hasMessageStartingWith("policy.rules rule 'kind:thred=off' (from -Ddetach.policy.rules): unknown kind");
    }

    @Test
    void acceptsEveryPatternForm() throws ConfigException {
      parse("executor:com.acme.Pool|com.acme.Outer$Inner|com.acme.*|com.acme.Report*|Top|_x.$y.Z1 = off");
    }

    @Test
    void reportsWhetherUserRulesLookAtTheStack() throws ConfigException {
      assertThat(PolicyRules.none(DETACH).usesCaller()).isFalse();
      assertThat(parse("executor:a.B = off; kind:thread = off").usesCaller()).isFalse();
      assertThat(parse("executor:a.B & caller:c.* = off").usesCaller()).isTrue();
      assertThat(parse("stack:c.* = off").usesCaller()).isTrue();

      PolicyRules none = PolicyRules.none(DETACH);
      assertThat(none.mayWalkStack(EXECUTOR)).isFalse();
      assertThat(none.mayWalkStack(THREAD)).isTrue();
      assertThat(none.mayWalkStack(VIRTUAL_THREAD)).isTrue();
      assertThat(none.mayWalkStack(null)).isFalse();
      assertThat(parse("kind:executor & caller:c.* = off").mayWalkStack(EXECUTOR)).isTrue();
      assertThat(parse("kind:executor & caller:c.* = off").mayWalkStack(SCHEDULED)).isFalse();
    }

    @Test
    void onlyTheUsersRulesCountAsLookingAtTheStackForReuse() throws ConfigException {
      assertThat(PolicyRules.none(DETACH).userRulesLookAtStack(VIRTUAL_THREAD)).isFalse();
      assertThat(PolicyRules.none(DETACH).userRulesLookAtStack(THREAD)).isFalse();
      assertThat(parse("kind:virtual-thread & caller:c.* = off").userRulesLookAtStack(VIRTUAL_THREAD)).isTrue();
      assertThat(parse("kind:virtual-thread & caller:c.* = off").userRulesLookAtStack(THREAD)).isFalse();
      assertThat(parse("stack:c.* = off").userRulesLookAtStack(THREAD)).isTrue();
      assertThat(parse("executor:c.* = off").userRulesLookAtStack(VIRTUAL_THREAD)).isFalse();
    }

    @Test
    void builtInRulesListThePoolingFrameworks() {
      assertThat(PolicyRules.builtInRulesText())
          .startsWith("kind:thread|virtual-thread & caller:org.eclipse.jetty.*|org.apache.tomcat.*|")
          .contains("|org.apache.catalina.*|org.apache.coyote.*|io.undertow.*|org.xnio.*|io.netty.*|reactor.*|"
              + "io.grpc.*|okhttp3.*|com.zaxxer.hikari.*|org.apache.kafka.*|io.lettuce.*|com.mysql.*|"
              + "org.postgresql.*|kotlinx.coroutines.*|org.jboss.threads.*|org.apache.hc.*|org.apache.http.*")
          .endsWith(" = off");
    }
  }

  @Nested
  class ClassMatching {

    @Test
    void exactName() throws ConfigException {
      PolicyRules rules = parse("executor:" + TEST + "$AppPool = propagate");
      assertThat(rules.decide(EXECUTOR, AppPool.class, null)).isEqualTo(PROPAGATE);
      assertThat(rules.decide(EXECUTOR, ThreadPoolExecutor.class, null)).isEqualTo(DETACH);
    }

    @Test
    void superclassesMatchButInterfacesDoNot() throws ConfigException {
      PolicyRules rules = parse("executor:java.util.concurrent.ThreadPoolExecutor = propagate;"
          + "executor:java.util.concurrent.ExecutorService = off;"
          + "task:" + TEST + "$AuditTask = off");
      assertThat(rules.decide(EXECUTOR, FanOutPool.class, null)).isEqualTo(PROPAGATE);
      assertThat(rules.decide(SCHEDULED, ScheduledThreadPoolExecutor.class, null)).isEqualTo(PROPAGATE);
      assertThat(rules.decide(FORK_JOIN, ForkJoinPool.class, null)).isEqualTo(DETACH);
      assertThat(rules.decide(EXECUTOR, null, NightlyAuditTask.class)).isEqualTo(OFF);
      assertThat(rules.decide(EXECUTOR, null, ReportTask.class)).isEqualTo(DETACH);
    }

    @Test
    void packageWildcardIncludesSubPackagesButNotSiblingsWithTheSamePrefix() throws ConfigException {
      PolicyRules rules = parse("executor:java.util.* = propagate; task:com.example.call.* = off");
      assertThat(rules.decide(EXECUTOR, ThreadPoolExecutor.class, null)).isEqualTo(PROPAGATE);
      assertThat(rules.decide(EXECUTOR, java.util.Timer.class, null)).isEqualTo(PROPAGATE);
      assertThat(rules.decide(EXECUTOR, AppPool.class, null)).isEqualTo(PROPAGATE); // via its superclass
      assertThat(rules.decide(EXECUTOR, String.class, null)).isEqualTo(DETACH);
      assertThat(rules.decide(EXECUTOR, null, Submitter.Relay.class)).isEqualTo(DETACH);
      assertThat(parse("task:com.example.* = off").decide(EXECUTOR, null, Submitter.Relay.class)).isEqualTo(OFF);
    }

    @Test
    void prefixWildcard() throws ConfigException {
      PolicyRules rules = parse("task:com.example.call* = off; task:" + TEST + "$Audit* = propagate");
      assertThat(rules.decide(EXECUTOR, null, Submitter.class)).isEqualTo(OFF);
      assertThat(rules.decide(EXECUTOR, null, AuditTask.class)).isEqualTo(PROPAGATE);
      assertThat(rules.decide(EXECUTOR, null, NightlyAuditTask.class)).isEqualTo(PROPAGATE); // superclass
      assertThat(rules.decide(EXECUTOR, null, ReportTask.class)).isEqualTo(DETACH);
    }

    @Test
    void lambdaTasksMatchAPrefixOfTheClassThatWroteThem() throws ConfigException {
      Runnable lambda = () -> {};
      assertThat(parse("task:" + TEST + " = off").decide(EXECUTOR, null, lambda.getClass())).isEqualTo(DETACH);
      assertThat(parse("task:" + TEST + "* = off").decide(EXECUTOR, null, lambda.getClass())).isEqualTo(OFF);
      assertThat(parse("task:dev.detach.agent.config.* = off").decide(EXECUTOR, null, lambda.getClass()))
          .isEqualTo(OFF);
    }

    @Test
    void alternatives() throws ConfigException {
      PolicyRules rules = parse("executor:com.acme.Nothing|java.util.concurrent.ForkJoinPool = propagate;"
          + "kind:timer|scheduled = off");
      assertThat(rules.decide(FORK_JOIN, ForkJoinPool.class, null)).isEqualTo(PROPAGATE);
      assertThat(rules.decide(HandoffKind.TIMER, null, null)).isEqualTo(OFF);
      assertThat(rules.decide(SCHEDULED, null, null)).isEqualTo(OFF);
      assertThat(rules.decide(EXECUTOR, null, null)).isEqualTo(DETACH);
    }

    @Test
    void conjunctionNeedsEveryCondition() throws ConfigException {
      PolicyRules rules = parse("kind:executor & executor:" + TEST + "$AppPool & task:" + TEST + "$AuditTask = off");
      assertThat(rules.decide(EXECUTOR, AppPool.class, AuditTask.class)).isEqualTo(OFF);
      assertThat(rules.decide(EXECUTOR, FanOutPool.class, NightlyAuditTask.class)).isEqualTo(OFF);
      assertThat(rules.decide(SCHEDULED, AppPool.class, AuditTask.class)).isEqualTo(DETACH);
      assertThat(rules.decide(EXECUTOR, ThreadPoolExecutor.class, AuditTask.class)).isEqualTo(DETACH);
      assertThat(rules.decide(EXECUTOR, AppPool.class, ReportTask.class)).isEqualTo(DETACH);
      assertThat(rules.decide(EXECUTOR, AppPool.class, null)).isEqualTo(DETACH);
    }

    @Test
    void repeatedKindConditionsIntersect() throws ConfigException {
      PolicyRules rules = parse("kind:executor|scheduled & kind:scheduled|timer = off");
      assertThat(rules.decide(SCHEDULED, null, null)).isEqualTo(OFF);
      assertThat(rules.decide(EXECUTOR, null, null)).isEqualTo(DETACH);
      assertThat(rules.decide(HandoffKind.TIMER, null, null)).isEqualTo(DETACH);
    }

    @Test
    void nullClassesMatchNoClassPattern() throws ConfigException {
      PolicyRules rules = parse("executor:java.* = off; task:java.* = off; executor:java.*|a.* & task:java.* = off");
      assertThat(rules.decide(EXECUTOR, null, null)).isEqualTo(DETACH);
    }

    @Test
    void unknownKindMatchesOnlyRulesWithoutAKindCondition() throws ConfigException {
      PolicyRules rules = parse("kind:executor = off; executor:java.* = propagate");
      assertThat(rules.decide(null, ThreadPoolExecutor.class, null)).isEqualTo(PROPAGATE);
      assertThat(rules.decide(null, null, null)).isEqualTo(DETACH);
    }

    @Test
    void firstMatchWins() throws ConfigException {
      PolicyRules rules = parse("task:" + TEST + "$AuditTask = off; kind:executor = propagate; task:dev.* = detach");
      assertThat(rules.decide(EXECUTOR, null, NightlyAuditTask.class)).isEqualTo(OFF);
      assertThat(rules.decide(EXECUTOR, null, ReportTask.class)).isEqualTo(PROPAGATE);
      assertThat(rules.decide(SCHEDULED, null, ReportTask.class)).isEqualTo(DETACH);
      assertThat(parse("kind:executor = propagate; task:" + TEST + "$AuditTask = off")
          .decide(EXECUTOR, null, AuditTask.class)).isEqualTo(PROPAGATE);
    }

    @Test
    void defaultPolicyWhenNothingMatches() throws ConfigException {
      PolicyRules rules = PolicyRules.parse("executor:com.acme.Pool = detach", PROPAGATE);
      assertThat(rules.decide(EXECUTOR, ThreadPoolExecutor.class, ReportTask.class)).isEqualTo(PROPAGATE);
      assertThat(PolicyRules.parse("", OFF).decide(COMPLETABLE_FUTURE, null, null)).isEqualTo(OFF);
    }

    @Test
    void moreThanSixtyFourClassConditions() throws ConfigException {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 70; i++) {
        text.append("executor:com.acme.Pool").append(i).append(" = off; ");
        text.append("task:com.acme.Task").append(i).append(" = off; ");
      }
      text.append("executor:" + TEST + "$AppPool & task:" + TEST + "$ReportTask = propagate");
      PolicyRules rules = parse(text.toString());
      assertThat(rules.decide(EXECUTOR, FanOutPool.class, ReportTask.class)).isEqualTo(PROPAGATE);
      assertThat(rules.decide(EXECUTOR, FanOutPool.class, AuditTask.class)).isEqualTo(DETACH);
    }
  }

  @Nested
  class CallerMatching {

    @Test
    void callerIsTheNearestApplicationFrame() throws ConfigException {
      PolicyRules rules = parse("caller:com.example.callers.* = off");
      assertThat(Submitter.call(() -> rules.decide(EXECUTOR, null, null))).isEqualTo(OFF);
      assertThat(Submitter.viaRelay(() -> rules.decide(EXECUTOR, null, null))).isEqualTo(OFF);
      // Straight from here the nearest frame outside the JDK and dev.detach belongs to JUnit.
      assertThat(rules.decide(EXECUTOR, null, null)).isEqualTo(DETACH);
    }

    @Test
    void callerDoesNotLookBelowTheNearestFrameButStackDoes() throws ConfigException {
      PolicyRules caller = parse("caller:com.example.callers.Submitter = off");
      PolicyRules stack = parse("stack:com.example.callers.Submitter = off");
      assertThat(Submitter.call(() -> caller.decide(EXECUTOR, null, null))).isEqualTo(OFF);
      assertThat(Submitter.viaRelay(() -> caller.decide(EXECUTOR, null, null))).isEqualTo(DETACH);
      assertThat(Submitter.viaRelay(() -> stack.decide(EXECUTOR, null, null))).isEqualTo(OFF);
      assertThat(stack.decide(EXECUTOR, null, null)).isEqualTo(DETACH);
    }

    @Test
    void stackLooksAtSixteenApplicationFrames() throws ConfigException {
      PolicyRules stack = parse("stack:com.example.callers.Submitter = off");
      assertThat(Submitter.viaRelays(PolicyRules.STACK_DEPTH - 1, () -> stack.decide(EXECUTOR, null, null)))
          .isEqualTo(OFF);
      assertThat(Submitter.viaRelays(PolicyRules.STACK_DEPTH, () -> stack.decide(EXECUTOR, null, null)))
          .isEqualTo(DETACH);
    }

    @Test
    void theExecutorsOwnFramesAreNotTheCaller() throws ConfigException {
      PolicyRules rules = parse("kind:custom-executor & caller:com.example.callers.Submitter = propagate");
      Function<Class<?>, DetachPolicy> decide = executor -> rules.decide(CUSTOM_EXECUTOR, executor, null);
      assertThat(Submitter.throughPool(new Submitter.Pool(), decide)).isEqualTo(PROPAGATE);
      // SubPool's submit() frame is declared by its superclass Pool.
      assertThat(Submitter.throughPool(new Submitter.SubPool(), decide)).isEqualTo(PROPAGATE);
      // Without the executor class, Pool's frame is the nearest one.
      Function<Class<?>, DetachPolicy> withoutExecutor = executor -> rules.decide(CUSTOM_EXECUTOR, null, null);
      assertThat(Submitter.throughPool(new Submitter.Pool(), withoutExecutor)).isEqualTo(DETACH);
    }

    @Test
    void callerCombinesWithOtherConditions() throws ConfigException {
      PolicyRules rules = parse("kind:thread & caller:com.example.* & task:" + TEST + "$AuditTask = off");
      assertThat(Submitter.call(() -> rules.decide(THREAD, null, AuditTask.class))).isEqualTo(OFF);
      assertThat(Submitter.call(() -> rules.decide(THREAD, null, ReportTask.class))).isEqualTo(DETACH);
      assertThat(Submitter.call(() -> rules.decide(EXECUTOR, null, AuditTask.class))).isEqualTo(DETACH);
      assertThat(rules.decide(THREAD, null, AuditTask.class)).isEqualTo(DETACH);
    }
  }

  @Nested
  class BuiltInRules {

    /** Code in a pooling framework's package, compiled here because no such class is on the test path. */
    private Function<Supplier<DetachPolicy>, DetachPolicy> frameworkCode(Path dir) throws Exception {
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      assumeTrue(javac != null, "needs a JDK with javac");
      Path source = dir.resolve("org/eclipse/jetty/util/thread/FakeThreadPool.java");
      Files.createDirectories(source.getParent());
      Files.writeString(source, "package org.eclipse.jetty.util.thread;\n"
          + "public class FakeThreadPool implements java.util.function.Function<java.util.function.Supplier<?>, Object> {\n"
          + "  public Object apply(java.util.function.Supplier<?> startThread) { return startThread.get(); }\n"
          + "}\n");
      assertThat(javac.run(null, null, null, "-d", dir.toString(), source.toString())).isZero();
      URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
      @SuppressWarnings("unchecked")
      Function<Supplier<DetachPolicy>, DetachPolicy> pool = (Function<Supplier<DetachPolicy>, DetachPolicy>)
          (Function<?, ?>) loader.loadClass("org.eclipse.jetty.util.thread.FakeThreadPool")
              .getDeclaredConstructor().newInstance();
      return pool;
    }

    @Test
    void threadsStartedByAPoolingFrameworkGetNothing(@TempDir Path dir) throws Exception {
      Function<Supplier<DetachPolicy>, DetachPolicy> jetty = frameworkCode(dir);
      PolicyRules rules = PolicyRules.none(DETACH);

      assertThat(jetty.apply(() -> rules.decide(THREAD, null, null))).isEqualTo(OFF);
      assertThat(jetty.apply(() -> rules.decide(VIRTUAL_THREAD, null, null))).isEqualTo(OFF);
      assertThat(jetty.apply(() -> rules.decide(EXECUTOR, null, null))).isEqualTo(DETACH);
      assertThat(Submitter.call(() -> rules.decide(THREAD, null, null))).isEqualTo(DETACH);
      // A servlet starting a thread has the container below it: that thread is a task.
      assertThat(jetty.apply(() -> Submitter.call(() -> rules.decide(THREAD, null, null)))).isEqualTo(DETACH);
    }

    @Test
    void aNewThreadIsAPoolsWorkerWhenAPoolsFrameIsTheNearestExecutorFrame(@TempDir Path dir) throws Exception {
      Function<Supplier<DetachPolicy>, DetachPolicy> jetty = frameworkCode(dir);
      PolicyRules rules = PolicyRules.none(DETACH);
      // In this test Submitter's frames stand for a pool's execute, or a thread-per-task executor's, or neither.
      Function<StackWalker.StackFrame, Boolean> submitterIsAPool = frame("com.example.callers.Submitter", true);
      Function<StackWalker.StackFrame, Boolean> submitterIsPerTask = frame("com.example.callers.Submitter", false);
      Function<StackWalker.StackFrame, Boolean> noExecutor = f -> null;

      assertThat(Submitter.call(() -> rules.decideNewThread(THREAD, Thread.class, submitterIsAPool, 16))).isEqualTo(OFF);
      assertThat(Submitter.call(() -> rules.decideNewThread(THREAD, Thread.class, submitterIsPerTask, 16)))
          .isEqualTo(DETACH);
      assertThat(Submitter.call(() -> rules.decideNewThread(THREAD, Thread.class, noExecutor, 16))).isEqualTo(DETACH);
      // Only the nearest poolDepth frames are looked at for a pool's.
      assertThat(Submitter.viaRelays(20, () -> rules.decideNewThread(THREAD, Thread.class,
          frame("com.example.callers.Submitter$Relay", true), 16))).isEqualTo(OFF);
      assertThat(Submitter.call(() -> rules.decideNewThread(THREAD, Thread.class, submitterIsAPool, 1)))
          .isEqualTo(DETACH);

      // The nearest executor frame decides: a thread-per-task executor's above a pool's starts the task's thread.
      Function<StackWalker.StackFrame, Boolean> both = f -> f.getClassName().startsWith("org.eclipse.jetty.")
          ? Boolean.TRUE : f.getClassName().equals("com.example.callers.Submitter") ? Boolean.FALSE : null;
      assertThat(jetty.apply(() -> Submitter.call(() -> rules.decideNewThread(THREAD, Thread.class, both, 16))))
          .isEqualTo(DETACH);
      assertThat(Submitter.call(() -> jetty.apply(() -> rules.decideNewThread(THREAD, Thread.class, both, 16))))
          .isEqualTo(OFF);

      // The same look serves the caller rules: the built-in one for pooling frameworks, and the user's.
      assertThat(jetty.apply(() -> rules.decideNewThread(VIRTUAL_THREAD, Thread.class, noExecutor, 16)))
          .isEqualTo(OFF);
      assertThat(jetty.apply(() -> Submitter.call(() -> rules.decideNewThread(THREAD, Thread.class, noExecutor, 16))))
          .isEqualTo(DETACH);
      PolicyRules user = parse("kind:thread & caller:com.example.callers.* = propagate");
      assertThat(Submitter.call(() -> user.decideNewThread(THREAD, Thread.class, noExecutor, 16))).isEqualTo(PROPAGATE);
      assertThat(Submitter.call(() -> user.decideNewThread(THREAD, Thread.class, submitterIsAPool, 16))).isEqualTo(OFF);
    }

    private Function<StackWalker.StackFrame, Boolean> frame(String className, boolean pool) {
      return f -> f.getClassName().equals(className) ? Boolean.valueOf(pool) : null;
    }

    @Test
    void applyOnlyWhenNoUserRuleMatched(@TempDir Path dir) throws Exception {
      Function<Supplier<DetachPolicy>, DetachPolicy> jetty = frameworkCode(dir);
      PolicyRules override = parse("kind:thread & caller:org.eclipse.jetty.util.* = propagate");
      assertThat(jetty.apply(() -> override.decide(THREAD, null, null))).isEqualTo(PROPAGATE);
      assertThat(jetty.apply(() -> override.decide(VIRTUAL_THREAD, null, null))).isEqualTo(OFF);

      PolicyRules unrelated = parse("executor:com.acme.Pool = propagate");
      assertThat(jetty.apply(() -> unrelated.decide(THREAD, null, null))).isEqualTo(OFF);
    }
  }

  @Test
  void decideAllocatesNothingWithoutCallerRules() throws ConfigException {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs allocation counters");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

    PolicyRules rules = parse("executor:com.acme.Pool = propagate; kind:scheduled & task:" + TEST + "$Audit* = off;"
        + "task:com.acme.* = off");
    long id = Thread.currentThread().getId();
    int sink = 0;
    for (int i = 0; i < 20_000; i++) {
      sink += rules.decide(EXECUTOR, FanOutPool.class, ReportTask.class).ordinal();
      sink += rules.decide(SCHEDULED, ScheduledThreadPoolExecutor.class, NightlyAuditTask.class).ordinal();
    }
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 100_000; i++) {
      sink += rules.decide(EXECUTOR, FanOutPool.class, ReportTask.class).ordinal();
      sink += rules.decide(SCHEDULED, ScheduledThreadPoolExecutor.class, NightlyAuditTask.class).ordinal();
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertThat(sink).isEqualTo(120_000 * 2);
    // A few hundred bytes of noise from the measurement itself; one allocation per call would be megabytes.
    assertThat(allocated).isLessThan(10_000);
  }
}
