package dev.detach.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
    ForkedJvm.Result r = new ForkedJvm()
        .args("-javaagent:" + ForkedJvm.agentJar() + "=config=" + config)
        .run(HandOffProbe.class);
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).contains("APP RAN id=r-42");
    assertThat(r.detachLines()).singleElement().satisfies(line -> assertThat(line)
        .contains("Detach 0.")
        .contains("ThreadPoolExecutor").contains("ForkJoinPool").contains("CompletableFuture")
        .contains("Thread.start").contains("Timer")
        .contains(config.toString()));
  }

  @Test
  void logLevelOffPrintsNothing() throws Exception {
    ForkedJvm.Result r = new ForkedJvm()
        .args("-javaagent:" + ForkedJvm.agentJar(), "-Ddetach.log.level=off")
        .run(HandOffProbe.class);
    assertThat(r.stdout()).contains("APP RAN id=r-42");
    assertThat(r.detachLines()).isEmpty();
  }

  @Test
  void anUnknownKeyInTheFileTurnsDetachOffWithOneLine() throws Exception {
    Path config = Files.writeString(dir.resolve("detach.properties"), "polcy.default=propagate\n");
    assertBrokenStart(new ForkedJvm().args("-javaagent:" + ForkedJvm.agentJar() + "=config=" + config),
        "polcy.default", "policy.default");
  }

  @Test
  void aBadValueInASystemPropertyTurnsDetachOffWithOneLine() throws Exception {
    assertBrokenStart(new ForkedJvm().args("-javaagent:" + ForkedJvm.agentJar(), "-Ddetach.policy.default=detatch"),
        "policy.default", "detatch", "propagate");
  }

  @Test
  void aBadValueInTheEnvironmentTurnsDetachOffWithOneLine() throws Exception {
    assertBrokenStart(new ForkedJvm().args("-javaagent:" + ForkedJvm.agentJar()).env("DETACH_DETACH_TIMEOUT", "30"),
        "detach.timeout", "30", "DETACH_DETACH_TIMEOUT");
  }

  @Test
  void aMissingFileTurnsDetachOffWithOneLine() throws Exception {
    Path missing = dir.resolve("nope.properties");
    assertBrokenStart(new ForkedJvm().args("-javaagent:" + ForkedJvm.agentJar() + "=config=" + missing),
        missing.toString());
  }

  @Test
  void aBadRuleTurnsDetachOffWithOneLine() throws Exception {
    assertBrokenStart(new ForkedJvm().args("-javaagent:" + ForkedJvm.agentJar(),
        "-Ddetach.policy.rules=executor:com.acme.Pool=sometimes"), "policy.rules", "sometimes");
  }

  @Test
  void anUnknownAgentArgumentTurnsDetachOffWithOneLine() throws Exception {
    assertBrokenStart(new ForkedJvm().args("-javaagent:" + ForkedJvm.agentJar() + "=polciy=off"),
        "config=PATH");
  }

  @Test
  void enabledFalseLeavesTheApplicationUntouched() throws Exception {
    ForkedJvm.Result r = new ForkedJvm()
        .args("-javaagent:" + ForkedJvm.agentJar(), "-Ddetach.enabled=false")
        .run(HandOffProbe.class);
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).contains("APP RAN id=null");
    assertThat(r.detachLines()).singleElement().satisfies(l -> assertThat(l).contains("disabled"));
  }

  @Test
  void theAgentCanBeAttachedToARunningJvm() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(ForkedJvm.java(), "-cp", System.getProperty("java.class.path"),
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
        vm.loadAgent(ForkedJvm.agentJar());
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

  private static void assertBrokenStart(ForkedJvm jvm, String... lineMentions) throws Exception {
    ForkedJvm.Result r = jvm.run(HandOffProbe.class);
    assertThat(r.exitCode()).as("the application still exits normally").isZero();
    assertThat(r.stdout()).as("the application ran, without Detach").contains("APP RAN id=null");
    assertThat(r.detachLines()).as("exactly one line from Detach").singleElement().satisfies(line -> {
      assertThat(line).contains("ERROR").contains("Detach is OFF");
      for (String m : lineMentions) {
        assertThat(line).contains(m);
      }
    });
  }
}
