package dev.detach.demo.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A demo server in its own JVM ({@code java [-javaagent:...] -jar detach-demo-CONTAINER.jar --port 0 ...}),
 * its output copied to a log file. Started, it has printed {@code demo server NAME listening on URL}.
 */
final class ServerProcess implements AutoCloseable {

  private static final String BANNER = "demo server ";
  private static final String LISTENING = " listening on ";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final CompletableFuture<String> listening = new CompletableFuture<>();
  private final List<String> detachLines = Collections.synchronizedList(new ArrayList<>());
  private final List<String> backgroundLines = Collections.synchronizedList(new ArrayList<>());
  private final Deque<String> lastLines = new ArrayDeque<>();
  private final String command;

  private ServerProcess(List<String> command, Path log) throws IOException {
    this.command = String.join(" ", command);
    Files.createDirectories(log.toAbsolutePath().getParent());
    PrintWriter logFile = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
    logFile.println("$ " + this.command);
    this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread pump = new Thread(() -> pump(logFile), "demo-server-output");
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts {@code serverJar} with {@code java}, the agent if {@code agentJar} is not null, and {@code args}. */
  static ServerProcess start(Path java, Path serverJar, Path agentJar, List<String> args, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    if (agentJar != null) {
      command.add("-javaagent:" + agentJar);
    }
    command.add("-jar");
    command.add(serverJar.toString());
    command.addAll(args);
    ServerProcess server = new ServerProcess(command, log);
    try {
      server.listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return server;
    } catch (ExecutionException | TimeoutException e) {
      server.close();
      throw new IOException("the demo server did not start (" + server.command + "); its last lines:\n"
          + String.join("\n", server.lastLines()), e);
    }
  }

  /** The container's name and version, as the server printed them. */
  String containerName() {
    String line = listening.join();
    return line.substring(line.indexOf(BANNER) + BANNER.length(), line.indexOf(LISTENING));
  }

  /** Where it listens ({@code http://127.0.0.1:PORT/}). */
  URI baseUri() {
    String line = listening.join();
    String rest = line.substring(line.indexOf(LISTENING) + LISTENING.length());
    return URI.create(rest.split(" ", 2)[0]);
  }

  /** What the agent printed ({@code [detach] ...} lines). */
  List<String> detachLines() {
    return List.copyOf(detachLines);
  }

  /** The log lines background jobs ended with, as the server's log shows them. */
  List<String> backgroundLines() {
    return List.copyOf(backgroundLines);
  }

  private void pump(PrintWriter logFile) {
    try (logFile; BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        logFile.println(line);
        synchronized (lastLines) {
          lastLines.addLast(line);
          if (lastLines.size() > 40) {
            lastLines.removeFirst();
          }
        }
        if (line.startsWith(BANNER) && line.contains(LISTENING)) {
          listening.complete(line);
        } else if (line.startsWith("[detach]")) {
          detachLines.add(line);
        } else if (line.contains(" BackgroundJobs ")) {
          backgroundLines.add(line);
        }
      }
    } catch (IOException e) {
      // the process is gone; what it printed is in the log file
    } finally {
      listening.completeExceptionally(new IOException("the demo server exited"));
    }
  }

  private List<String> lastLines() {
    synchronized (lastLines) {
      return new ArrayList<>(lastLines);
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after 15 s) and waits for it. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
