/**
 * The audit ledger: every state change of the other features, as the events they publish, stored
 * insert-only in PostgreSQL with a SHA-256 hash chain whose head is signed at intervals with a key
 * the database does not hold, for auditors to review and verify. Nothing calls it: it listens.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit ledger")
package dev.slipway.audit;
