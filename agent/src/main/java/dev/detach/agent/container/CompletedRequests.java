package dev.detach.agent.container;

import dev.detach.agent.runtime.AgentLog;
import dev.detach.agent.runtime.RequestOrigin;
import dev.detach.agent.runtime.ScopeStorage;

/**
 * Internal: what the advice woven into containers' servlet request and response classes calls. Not an
 * API.
 *
 * <p>Only a detached task reads a request object differently: once the request it was handed off from
 * completed, that request's objects answer from the copy taken at completion ({@link RequestCopy}), and
 * its response refuses every call. Every other thread (request threads, container threads, propagated
 * tasks) pays one thread-local read and goes on exactly as without the agent.
 *
 * <p>A detached task reads a live request's objects through the request's live-read gate
 * ({@link RequestOrigin#beginLiveRead}): one such read at a time, and never while the completion takes
 * the copy. Containers fill parameters and cookies lazily and without locks, so unordered reads could see
 * each other's half-made values; and the completion publishes the copy, under the gate, before the
 * container clears anything, so a read let through the gate reads the request's own values.
 */
public final class CompletedRequests {

  private CompletedRequests() {}

  /**
   * Entry of a request method: null (read live, nothing to do on exit), the task's {@link RequestOrigin}
   * (read live under its gate, which {@link #afterRead} releases), or the {@link RequestCopy} that answers
   * instead (the method is skipped).
   */
  public static Object beforeRead(Object request) {
    RequestOrigin origin = ScopeStorage.detachedFrom();
    if (origin == null) {
      return null;
    }
    Object completion = origin.beginLiveRead();
    if (completion == null) {
      return origin;
    }
    return completion instanceof RequestCopy && ((RequestCopy) completion).taken() && origin.covers(request)
        ? completion : null;
  }

  /**
   * Exit of a request method, with {@code state} from {@link #beforeRead} (not null): the copy to answer
   * from, or null when the method's own result stands. Ends a live read.
   */
  public static Object afterRead(Object state) {
    if (state instanceof RequestOrigin) {
      ((RequestOrigin) state).endLiveRead();
      return null;
    }
    return state;
  }

  /** The copy's answer to {@code method(args)}; an {@link IllegalStateException} for what it cannot serve. */
  public static Object answer(Object copy, String method, Object[] args) {
    return ((RequestCopy) copy).answer(method, args, ScopeStorage.overlay());
  }

  /** A void method on a completed request: attribute changes stay with the task; anything else fails. */
  public static void answerVoid(Object copy, String method, Object[] args) {
    ((RequestCopy) copy).answerVoid(method, args, ScopeStorage.overlay());
  }

  /** A response handed out its output stream or writer: it belongs to the request this thread works for. */
  public static void responseStreamOpened(Object stream) {
    RequestOrigin origin = ScopeStorage.origin();
    if (origin != null && origin.completion() == null) {
      origin.addObject(stream);
    }
  }

  /**
   * Entry of a response method: the exception to throw when a detached task uses the response of a
   * request that completed (the container may already have given the object to another request), else null.
   */
  public static RuntimeException responseRefusal(Object response, String method) {
    return refused(response) ? new IllegalStateException(refusal("response", method)) : null;
  }

  /**
   * Entry of a method of a response's output stream or writer: what to throw when a detached task uses
   * it after its request completed (an {@code IOException} for output streams), else null.
   */
  public static Throwable streamRefusal(Object stream, String method) {
    if (!refused(stream)) {
      return null;
    }
    return stream instanceof java.io.OutputStream
        ? new java.io.IOException(refusal("response's output stream", method))
        : new IllegalStateException(refusal("response's writer", method));
  }

  private static boolean refused(Object responseObject) {
    try {
      RequestOrigin origin = ScopeStorage.detachedFrom();
      return origin != null && origin.completion() != null && origin.covers(responseObject);
    } catch (Throwable t) {
      AgentLog.fault("response guard", t);
      return false;
    }
  }

  private static String refusal(String what, String method) {
    return "Detach: the request this " + what + " belongs to completed; a background task cannot use it any "
        + "more (" + method + "()): the container recycles it for other requests";
  }
}
