package dev.detach.bench.handoff;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

/**
 * A span current, as on a request thread the OpenTelemetry agent traces. Through the application's
 * OpenTelemetry API, which the agent bridges to its own; without the agent there is no real span.
 */
final class OtelSpanContext implements RequestContext {
  private Span span;
  private Scope scope;
  private String traceId;

  @Override
  public void open() {
    span = GlobalOpenTelemetry.getTracer("detach-bench").spanBuilder("request").startSpan();
    scope = span.makeCurrent();
    traceId = span.getSpanContext().getTraceId();
  }

  @Override
  public void close() {
    scope.close();
    span.end();
  }

  @Override
  public String seen() {
    String id = Span.current().getSpanContext().getTraceId();
    return span != null && span.getSpanContext().isValid() && id.equals(traceId) ? VALUE : "trace " + id;
  }
}
