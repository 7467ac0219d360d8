package dev.detach.it.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A JVM started like the one running the test (same java, same class path), to watch start-up. */
final class ForkedJvm {

  /** What a finished JVM left behind. */
  record Result(int exitCode, String stdout, String stderr) {
    List<String> detachLines() {
      return stderr.lines().filter(l -> l.startsWith("[detach]")).toList();
    }
  }

  private final List<String> jvmArgs = new ArrayList<>();
  private final Map<String, String> environment = new java.util.HashMap<>();

  static String agentJar() {
    String jar = System.getProperty("detach.it.agentJar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("the agent jar is missing (" + jar + "): build with `mvn package` first");
    }
    return jar;
  }

  static String java() {
    return ProcessHandle.current().info().command().orElseThrow();
  }

  ForkedJvm args(String... args) {
    jvmArgs.addAll(Arrays.asList(args));
    return this;
  }

  ForkedJvm env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  Result run(Class<?> main, String... mainArgs) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(Arrays.asList(mainArgs));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("DETACH_"));
    pb.environment().putAll(environment);
    Path out = Files.createTempFile("forked-jvm", ".out");
    Path err = Files.createTempFile("forked-jvm", ".err");
    try {
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("forked JVM did not finish in 60 s: " + command);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
