package dev.detach.it.springboot;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** What the background audit wrote: the values it read from the request it was handed. */
@Entity
public class AuditEntry {
  @Id
  @GeneratedValue
  private Long id;
  private String requestKey;
  private String seen;

  protected AuditEntry() {}

  AuditEntry(String requestKey, String seen) {
    this.requestKey = requestKey;
    this.seen = seen;
  }
}
