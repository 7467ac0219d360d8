package dev.detach.it.handoff;

import dev.detach.it.support.Bounded;
import dev.detach.it.support.RequestThread;
import dev.detach.it.support.ScopeView;
import dev.detach.it.support.Scopes;
import dev.detach.it.support.VirtualThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Run by {@link ThreadPerTaskExecutorTest} with a rule turning off virtual threads that {@link OffCaller}
 * starts: one virtual-thread executor is used from two call sites, in both orders, and each line says what
 * the task saw ({@code OK label: off|detached} when as the rule says, else {@code FAIL}).
 */
public final class ThreadPerTaskCallersMain {

  private ThreadPerTaskCallersMain() {}

  /** The call site the rule names. */
  static final class OffCaller {
    static void submit(ExecutorService executor, Runnable task) {
      executor.execute(task);
    }
  }

  /** Any other call site. */
  static final class OtherCaller {
    static void submit(ExecutorService executor, Runnable task) {
      executor.execute(task);
    }
  }

  public static void main(String[] args) {
    ExecutorService first = VirtualThreads.newVirtualThreadPerTaskExecutor();
    check("off caller first", first, true);
    check("other caller next", first, false);
    first.shutdown();
    ExecutorService second = VirtualThreads.newVirtualThreadPerTaskExecutor();
    check("other caller first", second, false);
    check("off caller next", second, true);
    second.shutdown();
    System.out.println("DONE");
  }

  private static void check(String label, ExecutorService executor, boolean off) {
    CompletableFuture<ScopeView> seen = new CompletableFuture<>();
    RequestThread.run("request", Scopes.request(label), () -> {
      Runnable task = () -> seen.complete(ScopeView.current());
      if (off) {
        OffCaller.submit(executor, task);
      } else {
        OtherCaller.submit(executor, task);
      }
    });
    ScopeView view = Bounded.get(seen, label);
    boolean asRuled = off ? view.isRoot() : label.equals(view.requestId()) && view.detached();
    System.out.println((asRuled ? "OK " : "FAIL ") + label + ": " + (off ? "off" : "detached")
        + (asRuled ? "" : " expected, saw " + view));
  }
}
