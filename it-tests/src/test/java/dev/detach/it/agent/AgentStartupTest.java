package dev.detach.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detach.it.support.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up in a fresh JVM: one line when all is well; one line naming the problem when the
 * configuration is broken, after which the application runs without Detach.
 */
class AgentStartupTest {

  @TempDir
  Path dir;

  @Test
  void aGoodStartPrintsOneLineWithVersionHandOffsAndSource() throws Exception {
    Path config = Files.writeString(dir.resolve("detach.properties"), "policy.default=detach\ndetach.timeout=30s\n");
    ChildJvm.Result r = new Start()
        .args("-javaagent:" + ChildJvm.agentJar() + "=config=" + config)
        .run(HandOffProbe.class);
    assertThat(r.exitCode()).isZero();
    assertThat(r.applicationLines()).contains("APP RAN id=r-42");
    assertThat(r.detachLines()).singleElement().satisfies(line -> assertThat(line)
        .contains("Detach 0.")
        .contains("ThreadPoolExecutor").contains("ForkJoinPool").contains("CompletableFuture")
        .contains("Thread.start").contains("Timer")
        .contains(config.toString()));
  }

  @Test
  void logLevelOffPrintsNothing() throws Exception {
    ChildJvm.Result r = new Start()
        .args("-javaagent:" + ChildJvm.agentJar(), "-Ddetach.log.level=off")
        .run(HandOffProbe.class);
    assertThat(r.applicationLines()).contains("APP RAN id=r-42");
    assertThat(r.detachLines()).isEmpty();
  }

  @Test
  void anUnknownKeyInTheFileTurnsDetachOffWithOneLine() throws Exception {
    Path config = Files.writeString(dir.resolve("detach.properties"), "polcy.default=propagate\n");
    assertBrokenStart(new Start().args("-javaagent:" + ChildJvm.agentJar() + "=config=" + config),
        "polcy.default", "policy.default");
  }

  @Test
  void aBadValueInASystemPropertyTurnsDetachOffWithOneLine() throws Exception {
    assertBrokenStart(new Start().args("-javaagent:" + ChildJvm.agentJar(), "-Ddetach.policy.default=detatch"),
        "policy.default", "detatch", "propagate");
  }

  @Test
  void aBadValueInTheEnvironmentTurnsDetachOffWithOneLine() throws Exception {
    assertBrokenStart(new Start().args("-javaagent:" + ChildJvm.agentJar()).env("DETACH_DETACH_TIMEOUT", "30"),
        "detach.timeout", "30", "DETACH_DETACH_TIMEOUT");
  }

  @Test
  void aMissingFileTurnsDetachOffWithOneLine() throws Exception {
    Path missing = dir.resolve("nope.properties");
    assertBrokenStart(new Start().args("-javaagent:" + ChildJvm.agentJar() + "=config=" + missing),
        missing.toString());
  }

  @Test
  void aBadRuleTurnsDetachOffWithOneLine() throws Exception {
    assertBrokenStart(new Start().args("-javaagent:" + ChildJvm.agentJar(),
        "-Ddetach.policy.rules=executor:com.acme.Pool=sometimes"), "policy.rules", "sometimes");
  }

  @Test
  void anUnknownAgentArgumentTurnsDetachOffWithOneLine() throws Exception {
    assertBrokenStart(new Start().args("-javaagent:" + ChildJvm.agentJar() + "=polciy=off"),
        "config=PATH");
  }

  @Test
  void enabledFalseLeavesTheApplicationUntouched() throws Exception {
    ChildJvm.Result r = new Start()
        .args("-javaagent:" + ChildJvm.agentJar(), "-Ddetach.enabled=false")
        .run(HandOffProbe.class);
    assertThat(r.exitCode()).isZero();
    assertThat(r.applicationLines()).contains("APP RAN id=null");
    assertThat(r.detachLines()).singleElement().satisfies(l -> assertThat(l).contains("disabled"));
  }

  @Test
  void theAgentCanBeAttachedToARunningJvm() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(ChildJvm.java(), "-cp", System.getProperty("java.class.path"),
        HandOffProbe.class.getName(), "wait-for-attach");
    pb.environment().keySet().removeIf(k -> k.startsWith("DETACH_"));
    Process app = pb.redirectErrorStream(true).start();
    try {
      java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(app.getInputStream()));
      String ready = out.readLine();
      assertThat(ready).startsWith("READY ");
      String pid = ready.substring("READY ".length());
      com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(pid);
      try {
        vm.loadAgent(ChildJvm.agentJar());
      } finally {
        vm.detach();
      }
      app.getOutputStream().write('\n');
      app.getOutputStream().flush();
      StringBuilder rest = new StringBuilder();
      for (String line; (line = out.readLine()) != null; ) {
        rest.append(line).append('\n');
      }
      assertThat(app.waitFor()).isZero();
      assertThat(rest.toString()).contains("attached to a running JVM").contains("APP RAN id=r-42");
    } finally {
      app.destroyForcibly();
    }
  }

  /** A JVM start with the test's own agent options and environment. */
  private static final class Start {
    private final List<String> options = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();

    Start args(String... args) {
      options.addAll(Arrays.asList(args));
      return this;
    }

    Start env(String name, String value) {
      env.put(name, value);
      return this;
    }

    ChildJvm.Result run(Class<?> main) throws Exception {
      return ChildJvm.launch(Duration.ofSeconds(60), options, env, main);
    }
  }

  private static void assertBrokenStart(Start jvm, String... lineMentions) throws Exception {
    ChildJvm.Result r = jvm.run(HandOffProbe.class);
    assertThat(r.exitCode()).as("the application still exits normally").isZero();
    assertThat(r.applicationLines()).as("the application ran, without Detach").contains("APP RAN id=null");
    assertThat(r.detachLines()).as("exactly one line from Detach").singleElement().satisfies(line -> {
      assertThat(line).contains("ERROR").contains("Detach is OFF");
      for (String m : lineMentions) {
        assertThat(line).contains(m);
      }
    });
  }
}
