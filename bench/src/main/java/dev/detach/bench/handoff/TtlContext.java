package dev.detach.bench.handoff;

import com.alibaba.ttl.TransmittableThreadLocal;

/** One {@code TransmittableThreadLocal} set, as TTL users carry a request id. */
final class TtlContext implements RequestContext {
  private static final TransmittableThreadLocal<String> REQUEST_ID = new TransmittableThreadLocal<>();

  @Override
  public void open() {
    REQUEST_ID.set(VALUE);
  }

  @Override
  public void close() {
    REQUEST_ID.remove();
  }

  @Override
  public String seen() {
    return REQUEST_ID.get();
  }
}
