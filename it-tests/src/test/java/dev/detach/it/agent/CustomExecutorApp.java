package dev.detach.it.agent;

import dev.detach.RequestScope;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An application with a hand-written pool (it starts its worker lazily, on the first execute) and a
 * thread-per-task executor written as a lambda. Prints what tasks saw, one {@code name=value} a line.
 */
public final class CustomExecutorApp {
  static final RequestScope.Key<String> ID = RequestScope.key("id");

  /** A pool Detach knows nothing about unless {@code executors.include} names it. */
  public static final class LazyPool implements Executor {
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private Thread worker;

    @Override
    public synchronized void execute(Runnable task) {
      if (worker == null) {
        worker = new Thread(() -> {
          while (true) {
            try {
              queue.take().run();
            } catch (InterruptedException e) {
              return;
            }
          }
        }, "lazy-pool-worker");
        worker.setDaemon(true);
        worker.start();
      }
      queue.add(task);
    }
  }

  public static void main(String[] args) throws Exception {
    LazyPool pool = new LazyPool();
    Executor perTask = r -> new Thread(r).start();
    try (RequestScope.Attachment ignored = RequestScope.ROOT.withValue(ID, "A").attach()) {
      System.out.println("pool-from-A=" + seenBy(pool));
      System.out.println("per-task-from-A=" + seenBy(perTask));
    }
    try (RequestScope.Attachment ignored = RequestScope.ROOT.withValue(ID, "B").attach()) {
      System.out.println("pool-from-B=" + seenBy(pool));
    }
    System.out.println("pool-from-unscoped=" + seenBy(pool));
  }

  private static String seenBy(Executor executor) throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();
    executor.execute(() -> seen.complete(String.valueOf(RequestScope.current().get(ID))));
    return seen.get(10, TimeUnit.SECONDS);
  }

  private CustomExecutorApp() {}
}
