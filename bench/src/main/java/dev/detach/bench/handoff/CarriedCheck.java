package dev.detach.bench.handoff;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Says, per executor kind, whether a task saw the submitting thread's context: run in the same JVM set-up as
 * the benchmark, so that a comparison between agents only puts side by side what each really carried.
 * Prints one line per kind: {@code KIND<TAB>carried|not carried: WHAT THE TASK SAW}.
 */
public final class CarriedCheck {
  private CarriedCheck() {}

  public static void main(String[] args) throws Exception {
    RequestContext context = RequestContext.fromSystemProperty();
    for (String name : args) {
      ExecutorKind kind = ExecutorKind.valueOf(name);
      String line;
      try (ExecutorKind.Handoff handoff = kind.open()) {
        CompletableFuture<String> seen = new CompletableFuture<>();
        context.open();
        try {
          handoff.submit(() -> seen.complete(context.seen()));
        } finally {
          context.close();
        }
        String value = seen.get(10, TimeUnit.SECONDS);
        line = RequestContext.VALUE.equals(value) ? "carried" : "not carried: " + value;
      } catch (Exception | LinkageError e) {
        line = "failed: " + e;
      }
      System.out.println(name + "\t" + line);
    }
    System.exit(0);
  }
}
