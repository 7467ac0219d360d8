package dev.detach.bench.handoff;

/**
 * What is current on the submitting thread while it hands work off: nothing, a Detach request scope, one
 * {@code TransmittableThreadLocal} value, or an OpenTelemetry span. Chosen by {@code -Dbench.context}; each
 * kind is its own class, so a JVM only links the library it measures.
 */
public interface RequestContext {

  /** The value the submitting thread makes current. */
  String VALUE = "request-42";

  /** Makes the context current on this thread. */
  void open();

  /** Ends what {@link #open} made current, on the same thread. */
  void close();

  /** What a task sees of the context where it runs: {@link #VALUE} when it was carried, else something else. */
  String seen();

  /** The context named by {@code -Dbench.context} (none, detach, ttl, otel). */
  static RequestContext fromSystemProperty() {
    String name = System.getProperty("bench.context", "none");
    String type;
    switch (name) {
      case "none":
        return new RequestContext() {
          @Override
          public void open() {}

          @Override
          public void close() {}

          @Override
          public String seen() {
            return null;
          }
        };
      case "detach":
        type = "dev.detach.bench.handoff.DetachScopeContext";
        break;
      case "ttl":
        type = "dev.detach.bench.handoff.TtlContext";
        break;
      case "otel":
        type = "dev.detach.bench.handoff.OtelSpanContext";
        break;
      default:
        throw new IllegalArgumentException("-Dbench.context=" + name + ": none, detach, ttl or otel");
    }
    try {
      return (RequestContext) Class.forName(type).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
