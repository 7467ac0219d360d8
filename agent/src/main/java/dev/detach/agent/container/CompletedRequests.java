package dev.detach.agent.container;

import dev.detach.agent.runtime.AgentLog;
import dev.detach.agent.runtime.RequestOrigin;
import dev.detach.agent.runtime.ScopeStorage;
import java.lang.invoke.VarHandle;

/**
 * Internal: what the advice woven into containers' servlet request and response classes calls. Not an
 * API.
 *
 * <p>Only a detached task reads a request object differently: once the request it was handed off from
 * completed, that request's objects answer from the copy taken at completion ({@link RequestCopy}), and
 * its response refuses every call. Every other thread (request threads, container threads, propagated
 * tasks) pays one thread-local read and goes on exactly as without the agent.
 *
 * <p>A read on the live object that overlaps the completion is checked again after it returns: the
 * copy is published before the container starts clearing the object, so a read that still sees no
 * completion afterwards read the request's own values.
 */
public final class CompletedRequests {

  private CompletedRequests() {}

  /**
   * Entry of a request method: null (read live, nothing to check), the task's {@link RequestOrigin}
   * (read live, check again on exit), or the {@link RequestCopy} that answers instead (the method is
   * skipped).
   */
  public static Object beforeRead(Object request) {
    RequestOrigin origin = ScopeStorage.detachedFrom();
    if (origin == null) {
      return null;
    }
    return answering(origin, request, origin);
  }

  /** Exit of a request method that read live with {@code state} from {@link #beforeRead}: the copy to answer from, or null. */
  public static Object afterLiveRead(Object state, Object request) {
    if (!(state instanceof RequestOrigin)) {
      return state;
    }
    VarHandle.loadLoadFence(); // the live read happened before this look at the completion
    return answering((RequestOrigin) state, request, null);
  }

  private static Object answering(RequestOrigin origin, Object request, Object whileLive) {
    Object completion = origin.completion();
    if (completion == null) {
      return whileLive;
    }
    return completion instanceof RequestCopy && ((RequestCopy) completion).taken() && origin.covers(request)
        ? completion : null;
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
