package dev.detach.it.carriers.spring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;

/** A request-scoped bean: one instance per request, numbered, and how often each instance was destroyed. */
public class RequestData implements DisposableBean {

  private static final AtomicInteger SERIALS = new AtomicInteger();
  /** Destructions by instance serial. */
  static final Map<Integer, AtomicInteger> DESTROYED = new ConcurrentHashMap<>();

  private final int serial = SERIALS.incrementAndGet();
  private volatile String requestId;

  public RequestData() {
    DESTROYED.put(serial, new AtomicInteger());
  }

  public int serial() {
    return serial;
  }

  public String requestId() {
    return requestId;
  }

  public void setRequestId(String requestId) {
    this.requestId = requestId;
  }

  @Override
  public void destroy() {
    DESTROYED.get(serial).incrementAndGet();
  }
}
