package dev.detach.it.containers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Load on the machine from another process, the kind that made detached reads fail where a quiet machine never
 * did: three threads that allocate and drop memory, a stream of short-lived threads, and file writes (a Maven build
 * next to the service, in effect). {@link #start()} runs it as a child JVM; {@link #close()} ends it, and it ends
 * by itself when the test JVM goes away (its standard input closes).
 */
public final class Churn implements AutoCloseable {

  private final Process process;

  private Churn(Process process) {
    this.process = process;
  }

  /** Starts the churn in a JVM of the same Java as this one, with this class's code source as its class path. */
  public static Churn start() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classPath;
    try {
      classPath = new File(Churn.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", classPath, Churn.class.getName())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    return new Churn(p);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return "churn process " + process.pid() + ": 3 allocating threads, short-lived threads, file writes";
  }

  /** The churn itself; runs until its standard input closes. */
  public static void main(String[] args) throws Exception {
    for (int i = 0; i < 3; i++) {
      daemon("churn-allocate-" + i, Churn::allocate);
    }
    daemon("churn-threads", Churn::startShortLivedThreads);
    daemon("churn-files", Churn::writeFiles);
    InputStream in = System.in;
    while (in.read() >= 0) {
      // the parent JVM holds the pipe open while it lives
    }
    System.exit(0);
  }

  private static void allocate() {
    Random random = new Random();
    List<byte[]> kept = new ArrayList<>();
    while (true) {
      kept.add(new byte[random.nextInt(64 * 1024)]);
      if (kept.size() > 1_000) {
        kept.subList(0, 500).clear();
      }
    }
  }

  private static void startShortLivedThreads() {
    while (true) {
      Thread t = new Thread(() -> {
        long sum = 0;
        for (int k = 0; k < 100_000; k++) {
          sum += k;
        }
        if (sum == 42) {
          System.out.println(sum);
        }
      });
      t.start();
      try {
        t.join();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void writeFiles() {
    byte[] block = new byte[1 << 20];
    try {
      Path file = Files.createTempFile("detach-it-churn", ".bin");
      file.toFile().deleteOnExit();
      while (true) {
        Files.write(file, block, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
      }
    } catch (IOException e) {
      System.err.println("churn: file writes stopped: " + e);
    }
  }

  private static void daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }
}
