package dev.detach.demo.evidence;

import dev.detach.demo.shop.AuditTrail;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * {@code GET /demo/evidence}: what the background work left, for the demo client to check. Not part of the
 * shop: it reads what the shop wrote. One record a line, fields separated by tabs, each field URL-encoded
 * and {@code ~} for null:
 * <pre>
 * outcome  ORDER_ID  JOB  done|failed  MDC_REQUEST_ID  ERROR
 * audit    ORDER_ID  ACTION  USER  TENANT  ITEM  REQUEST_ID
 * </pre>
 */
public final class EvidenceServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient AuditTrail auditTrail;

  public EvidenceServlet(AuditTrail auditTrail) {
    this.auditTrail = auditTrail;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setContentType("text/plain;charset=UTF-8");
    PrintWriter out = response.getWriter();
    for (OutcomeLog.Outcome o : OutcomeLog.outcomes()) {
      line(out, "outcome", o.orderId(), o.job(), o.failed() ? "failed" : "done", o.requestId(), o.error());
    }
    try {
      for (AuditTrail.Row r : auditTrail.rows()) {
        line(out, "audit", r.orderId(), r.action(), r.user(), r.tenant(), r.item(), r.requestId());
      }
    } catch (SQLException e) {
      throw new IOException("could not read the audit table: " + e.getMessage(), e);
    }
  }

  private static void line(PrintWriter out, String... fields) {
    StringBuilder line = new StringBuilder();
    for (String field : fields) {
      if (line.length() > 0) {
        line.append('\t');
      }
      line.append(field == null ? "~" : URLEncoder.encode(field, StandardCharsets.UTF_8));
    }
    out.print(line.append('\n'));
  }
}
