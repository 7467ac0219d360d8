package dev.detach.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Another JVM of the same Java as this one, with the agent under test, this JVM's class path and options of
 * the test's choosing: for configurations that must be set when the agent starts (another policy, another
 * common-pool parallelism).
 */
public final class ChildJvm {

  /** How long a child JVM may run before the test gives up on it, unless the test says otherwise. */
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** What a finished child JVM left. */
  public record Result(int exitCode, List<String> lines, String command) {

    /** The lines that start with {@code prefix}. */
    public List<String> linesStartingWith(String prefix) {
      return lines.stream().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
    }

    /** Detach's own lines ({@code [detach] ...}). */
    public List<String> detachLines() {
      return linesStartingWith("[detach]");
    }

    /** The application's lines: neither Detach's nor the JVM's own warnings. */
    public List<String> applicationLines() {
      return lines.stream()
          .filter(l -> !l.startsWith("[detach]") && !l.startsWith("OpenJDK 64-Bit Server VM warning") && !l.isEmpty())
          .collect(Collectors.toList());
    }

    /** The whole output, for failure messages. */
    public String output() {
      return "command: " + command + "\nexit code: " + exitCode + "\noutput:\n" + String.join("\n", lines);
    }
  }

  private ChildJvm() {}

  /** Runs {@code mainClass} with the agent, {@code jvmOptions} and {@code args}; waits (bounded) for its end. */
  public static Result run(Class<?> mainClass, List<String> jvmOptions, String... args) throws IOException,
      InterruptedException {
    return run(TIMEOUT, mainClass, jvmOptions, args);
  }

  /**
   * As {@link #run(Class, List, String...)}, giving up after {@code timeout}; a child that is still running
   * then is asked for a thread dump (SIGQUIT) first, which ends up in the failure message.
   */
  public static Result run(Duration timeout, Class<?> mainClass, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    List<String> options = new ArrayList<>();
    options.add("-javaagent:" + agentJar());
    options.addAll(jvmOptions);
    return launch(timeout, options, Map.of(), mainClass, args);
  }

  /**
   * Runs {@code mainClass} with exactly {@code jvmOptions} (the test names the agent and its argument
   * itself) and an environment without any {@code DETACH_*} variable of this JVM's, plus {@code environment}.
   */
  public static Result launch(Duration timeout, List<String> jvmOptions, Map<String, String> environment,
      Class<?> mainClass, String... args) throws IOException, InterruptedException {
    return launch(timeout, jvmOptions, environment, classPath(), mainClass, args);
  }

  /** As {@link #launch(Duration, List, Map, Class, String...)}, on {@code classPath} instead of this JVM's. */
  public static Result launch(Duration timeout, List<String> jvmOptions, Map<String, String> environment,
      String classPath, Class<?> mainClass, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass.getName());
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("DETACH_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread pump = new Thread(() -> copy(process.getInputStream(), out), "child-jvm-output");
    pump.setDaemon(true);
    pump.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      requestThreadDump(process);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      pump.join(5_000);
      throw new AssertionError("child JVM did not end within " + timeout.toSeconds() + " s\ncommand: "
          + String.join(" ", command) + "\noutput so far:\n" + out.toString(StandardCharsets.UTF_8));
    }
    pump.join(10_000);
    List<String> lines = Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\\R"));
    return new Result(process.exitValue(), lines, String.join(" ", command));
  }

  private static void requestThreadDump(Process process) throws InterruptedException {
    try {
      Process quit = new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).start();
      quit.waitFor(5, TimeUnit.SECONDS);
      Thread.sleep(2_000); // the dump is written by the child; give it a moment
    } catch (IOException e) {
      // no kill(1): the failure message has the output without a thread dump
    }
  }

  /** The java launcher of this JVM. */
  public static String java() {
    return ProcessHandle.current().info().command()
        .orElseGet(() -> Paths.get(System.getProperty("java.home"), "bin", "java").toString());
  }

  public static String agentJar() {
    String jar = System.getProperty("detach.it.agentJar");
    if (jar == null || jar.isEmpty()) {
      throw new IllegalStateException("system property detach.it.agentJar (the agent under test) is not set");
    }
    return Path.of(jar).toAbsolutePath().toString();
  }

  /** This JVM's class path (surefire's manifest-only jar names the rest in its manifest, which java honours). */
  public static String classPath() {
    return System.getProperty("java.class.path");
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        synchronized (out) {
          out.write(buf, 0, n);
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }
}
