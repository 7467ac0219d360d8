package dev.detach.demo.shop;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends the order confirmation to the user who ordered, and audits it. */
public final class Confirmations {

  private static final Logger log = LoggerFactory.getLogger(Confirmations.class);

  private final AuditTrail auditTrail;

  Confirmations(AuditTrail auditTrail) {
    this.auditTrail = auditTrail;
  }

  /** Confirms order {@code orderId}, placed by {@code request}. */
  public void send(String orderId, HttpServletRequest request) {
    String text = Services.renderConfirmation(orderId);
    String to = Users.of(request);
    log.info("order {}: confirmation to {} ({} characters)", orderId, to, text.length());
    auditTrail.record(orderId, "confirmation", request);
  }
}
