package dev.detach.it.springboot;

import org.springframework.data.jpa.repository.JpaRepository;

/** The audits' rows. */
public interface AuditEntryRepository extends JpaRepository<AuditEntry, Long> {}
