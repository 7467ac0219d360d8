package dev.detach.it.springboot;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * The background audit: runs after the response ({@code @Async}), reads the request it was handed (header,
 * parameter, attribute) and the MDC, logs, and writes an audit row. What it read is kept for the test.
 */
@Service
public class Audit {
  private static final Logger LOG = LoggerFactory.getLogger(Audit.class);
  /** Request key to what its audit read: "header|parameter|attribute|mdc", or "failed: ...". */
  static final Map<String, String> SEEN = new ConcurrentHashMap<>();

  private final AuditEntryRepository entries;

  Audit(AuditEntryRepository entries) {
    this.entries = entries;
  }

  @Async
  public void record(String key, HttpServletRequest request) {
    try {
      Thread.sleep(100); // the response is sent meanwhile
      String seen = request.getHeader("X-Request-Id") + "|" + request.getParameter("item") + "|"
          + request.getAttribute("shop.key") + "|" + MDC.get("requestKey");
      LOG.info("audit of {}: {}", key, seen);
      entries.save(new AuditEntry(key, seen));
      SEEN.put(key, seen);
    } catch (Throwable t) {
      LOG.warn("audit of {} failed", key, t);
      SEEN.put(key, "failed: " + t);
    }
  }
}
