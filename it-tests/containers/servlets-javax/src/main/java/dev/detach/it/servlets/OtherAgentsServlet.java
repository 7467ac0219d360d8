package dev.detach.it.servlets;

import com.alibaba.ttl.TransmittableThreadLocal;
import dev.detach.it.containers.HandOff;
import dev.detach.it.containers.Protocol;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@link Protocol#OTHER_AGENTS}: what another agent beside Detach carries into the request's detached tasks. On
 * the request thread it takes the OpenTelemetry trace id of the current span (the server span, when the
 * OpenTelemetry agent is attached; all zeros without it) and sets a TTL {@code TransmittableThreadLocal} to the
 * request's key; each task ({@code ?handoff=NAME}, else one per {@link HandOff}) reports the trace id, the TTL
 * value and a header of the request it holds. Answers "id=KEY;trace=TRACE_ID".
 */
public class OtherAgentsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** What the TTL agent carries to tasks, by its own protocol (capture at submit, replay in the task). */
  private static final TransmittableThreadLocal<String> TTL_VALUE = new TransmittableThreadLocal<>();

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String key = TestServlets.key(req);
    String trace = Span.current().getSpanContext().getTraceId();
    TTL_VALUE.set(key);
    try {
      for (HandOff handOff : TestServlets.handOffs(req)) {
        handOff.start(key, report -> {
          report.use("trace", () -> Span.current().getSpanContext().getTraceId());
          report.use("ttl", TTL_VALUE::get);
          report.use("header", () -> req.getHeader(Protocol.OWN_HEADER));
        });
      }
    } finally {
      TTL_VALUE.remove();
    }
    TestServlets.answer(resp, key + ";trace=" + trace);
  }
}
