package dev.detach.it.carriers.spring;

import dev.detach.it.support.Gate;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.scheduling.annotation.Async;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The {@code @Async} service a controller hands work to; the work looks only once the test lets it. */
public class AsyncWork {

  /** Opened by the client once the request's response came back and the connection served another request. */
  static final Map<String, Gate> REQUEST_DONE = new ConcurrentHashMap<>();
  /** What each request's task saw, by request id. */
  static final Map<String, CompletableFuture<String>> SEEN = new ConcurrentHashMap<>();

  private final RequestData requestData;

  public AsyncWork(RequestData requestData) {
    this.requestData = requestData;
  }

  @Async
  public void later(String requestId, int serialInRequest) {
    CompletableFuture<String> seen = SEEN.get(requestId);
    try {
      REQUEST_DONE.get(requestId).pass();
      RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
      seen.complete("thread=" + Thread.currentThread().getName()
          + "; attributes=" + (attributes == null ? null : attributes.getClass().getName())
          + "; parameter=" + attempt(() -> ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
              .getRequest().getParameter("id"))
          + "; bean.requestId=" + attempt(requestData::requestId)
          + "; bean.sameInstance=" + attempt(() -> Boolean.toString(requestData.serial() == serialInRequest)));
    } catch (Throwable t) {
      seen.completeExceptionally(t);
    }
  }

  /** The value, or what was thrown, on one line. */
  private static String attempt(Supplier<String> read) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      String message = String.valueOf(e.getMessage()).replace('\n', ' ').replace(';', ',');
      return "failed: " + e.getClass().getName() + ": " + message.substring(0, Math.min(message.length(), 160));
    }
  }
}
