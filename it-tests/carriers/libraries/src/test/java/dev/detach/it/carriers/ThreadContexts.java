package dev.detach.it.carriers;

import dev.detach.RequestScope;
import dev.detach.it.support.Scopes;
import io.grpc.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.ThreadContext;
import org.slf4j.MDC;

/**
 * The thread-bound contexts the carrier scenarios put on a request thread and on pool workers, and what a
 * thread sees of them.
 */
final class ThreadContexts {

  static final Context.Key<String> GRPC_REQUEST = Context.key("request");
  static final String KEY = "request";
  /** What primed workers hold. */
  static final String WORKER = "worker";

  private ThreadContexts() {}

  /** The request's contexts on the request thread; {@link #close} is the end of the request. */
  static final class OnRequestThread implements AutoCloseable {
    private final Context.CancellableContext grpc;
    private final Context previousGrpc;

    OnRequestThread(String requestId) {
      MDC.put(KEY, requestId);
      ThreadContext.put(KEY, requestId);
      ThreadContext.push(requestId);
      TenantContext.set(requestId);
      grpc = Context.current().withValue(GRPC_REQUEST, requestId).withCancellation();
      previousGrpc = grpc.attach();
    }

    /** As a request filter's finally would: everything cleared, the request's gRPC context cancelled. */
    @Override
    public void close() {
      MDC.clear();
      ThreadContext.clearAll();
      TenantContext.clear();
      grpc.detach(previousGrpc);
      grpc.cancel(null);
    }
  }

  /** A pool worker's own contexts, left on it on purpose: a task must see the request's, and these after. */
  static void primeWorker() {
    MDC.put(KEY, WORKER);
    MDC.put("worker.own", "yes");
    ThreadContext.put(KEY, WORKER);
    ThreadContext.push(WORKER);
    TenantContext.set(WORKER);
    Context.current().withValue(GRPC_REQUEST, WORKER).attach();
  }

  /** What this thread sees, as {@code name=value} pairs. */
  static Map<String, String> observe() {
    Map<String, String> seen = new LinkedHashMap<>();
    seen.put("thread", Thread.currentThread().getName());
    seen.put("mdc", MDC.get(KEY));
    seen.put("mdc.worker.own", MDC.get("worker.own"));
    seen.put("log4j2", ThreadContext.get(KEY));
    seen.put("log4j2.stack", ThreadContext.getDepth() == 0 ? null : ThreadContext.peek());
    seen.put("grpc", GRPC_REQUEST.get());
    seen.put("grpc.cancelled", Boolean.toString(Context.current().isCancelled()));
    seen.put("tenant", TenantContext.get());
    seen.put("scope", RequestScope.current().get(Scopes.REQUEST_ID));
    return seen;
  }

  /** One line: {@code name=value; name=value; ...}. */
  static String render(Map<String, String> seen) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : seen.entrySet()) {
      b.append(b.length() == 0 ? "" : "; ").append(e.getKey()).append('=').append(e.getValue());
    }
    return b.toString();
  }

  /** The pairs of {@link #render}. */
  static Map<String, String> parse(String line) {
    Map<String, String> seen = new LinkedHashMap<>();
    for (String pair : line.split("; ")) {
      int eq = pair.indexOf('=');
      String value = pair.substring(eq + 1);
      seen.put(pair.substring(0, eq), value.equals("null") ? null : value);
    }
    return seen;
  }
}
