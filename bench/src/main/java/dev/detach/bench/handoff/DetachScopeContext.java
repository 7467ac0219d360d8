package dev.detach.bench.handoff;

import dev.detach.CancellableScope;
import dev.detach.CancellationCause;
import dev.detach.RequestScope;

/** A request scope opened with Detach's public API, the way a container integration opens one. */
final class DetachScopeContext implements RequestContext {
  private static final RequestScope.Key<String> REQUEST_ID = RequestScope.key("request-id");

  private CancellableScope scope;
  private RequestScope.Attachment attachment;

  @Override
  public void open() {
    scope = RequestScope.ROOT.withValue(REQUEST_ID, VALUE).withCancellation();
    attachment = scope.attach();
  }

  @Override
  public void close() {
    attachment.close();
    scope.cancel(CancellationCause.REQUEST_COMPLETED, null);
  }

  @Override
  public String seen() {
    RequestScope current = RequestScope.current();
    return current.get(REQUEST_ID) + (current.isDetached() ? "" : " (not detached)");
  }
}
