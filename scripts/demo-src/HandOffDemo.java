import dev.detach.CancellableScope;
import dev.detach.CancellationCause;
import dev.detach.RequestScope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A request handler that answers and leaves background work behind, the way real code does. The
 * "request" is opened with Detach's API (the container integrations open it from real requests); the
 * background work only reads RequestScope.current(), like code that reads MDC or the request.
 *
 * Prints one line per hand-off kind: how many background tasks saw their own request, alive.
 */
public final class HandOffDemo {
  static final RequestScope.Key<String> REQUEST_ID = RequestScope.key("request-id");
  static final ExecutorService POOL = Executors.newFixedThreadPool(4);
  static final ConcurrentLinkedQueue<String> RESULTS = new ConcurrentLinkedQueue<>();

  interface HandOff {
    void submit(Runnable work);
  }

  public static void main(String[] args) throws Exception {
    int requests = 50;
    List<String> kinds = List.of("executor", "CompletableFuture", "new Thread");
    List<HandOff> handOffs = List.of(POOL::execute, CompletableFuture::runAsync, r -> new Thread(r).start());
    boolean allGood = true;
    for (int k = 0; k < kinds.size(); k++) {
      RESULTS.clear();
      List<Thread> requestThreads = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        String id = "req-" + i;
        HandOff handOff = handOffs.get(k);
        Thread t = new Thread(() -> handle(id, handOff), "http-" + i);
        requestThreads.add(t);
        t.start();
      }
      for (Thread t : requestThreads) {
        t.join();
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (RESULTS.size() < requests && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      long ok = RESULTS.stream().filter(r -> r.equals("ok")).count();
      String firstError = RESULTS.stream().filter(r -> !r.equals("ok")).findFirst().orElse("-");
      System.out.printf("  %-18s %3d/%d background tasks saw their own live request   first failure: %s%n",
          kinds.get(k), ok, requests, firstError);
      allGood &= ok == requests;
    }
    POOL.shutdown();
    System.exit(allGood ? 0 : 1);
  }

  /** The handler: reads the request, hands work off, answers. The container then ends the request. */
  static void handle(String id, HandOff handOff) {
    CancellableScope request = RequestScope.ROOT.withValue(REQUEST_ID, id).withCancellation();
    try (RequestScope.Attachment ignored = request.attach()) {
      handOff.submit(() -> audit(id));
    }
    request.cancel(CancellationCause.REQUEST_COMPLETED, null); // the response was sent
  }

  /** Background work that runs after the response: it needs the request's id and must not be cancelled. */
  static void audit(String expectedId) {
    try {
      Thread.sleep(50);
      RequestScope scope = RequestScope.current();
      String id = scope.get(REQUEST_ID);
      if (id == null) {
        RESULTS.add("no request scope in the background task (request id is null)");
      } else if (!id.equals(expectedId)) {
        RESULTS.add("saw another request: " + id + " instead of " + expectedId);
      } else if (scope.isCancelled()) {
        RESULTS.add("request scope cancelled: " + scope.cancellationCause());
      } else {
        RESULTS.add("ok");
      }
    } catch (Exception e) {
      RESULTS.add(e.toString());
    }
  }
}
