package dev.slipway.audit;

/**
 * An event that says what it is about, for the ledger's environment, template and team columns. The
 * features' events implement it, so the ledger, which records every record event of {@code
 * dev.slipway}, depends on none of them. A record component of this type is the filing only: it is
 * not repeated in the row's details.
 */
public interface Audited {

  AuditSubject subject();
}
