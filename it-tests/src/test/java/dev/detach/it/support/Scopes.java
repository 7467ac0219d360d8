package dev.detach.it.support;

import dev.detach.CancellableScope;
import dev.detach.RequestScope;

/** The scope values the integration tests put on a request, and how a test makes a request scope. */
public final class Scopes {

  /** Which request a scope belongs to. */
  public static final RequestScope.Key<String> REQUEST_ID = RequestScope.key("request-id");

  /** Which task of a submitter a scope was made for (varies per hand-off in the stress test). */
  public static final RequestScope.Key<Integer> TASK = RequestScope.key("task");

  private Scopes() {}

  /** A request scope with {@code requestId}, cancellable by the test as the end of the request. */
  public static CancellableScope request(String requestId) {
    return RequestScope.ROOT.withValue(REQUEST_ID, requestId).withCancellation();
  }

  /** Runs {@code action} with no scope current, so that nothing it hands off is captured. */
  public static void unscoped(Bounded.Action action) throws Exception {
    try (RequestScope.Attachment ignored = RequestScope.ROOT.attach()) {
      action.run();
    }
  }
}
