package dev.slipway.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One row of the ledger.
 *
 * @param type the event's name, e.g. {@code EnvironmentRequested}
 * @param target what it is about: an environment, template or service id
 * @param details the event's fields as JSON
 * @param hash SHA-256 over the previous row's hash and this row's content
 */
public record AuditEntry(
    long id,
    Instant at,
    String type,
    @Nullable String target,
    String actorSubject,
    String actorName,
    String outcome,
    @Nullable String reason,
    @Nullable String clientAddress,
    @Nullable String userAgent,
    String details,
    String previousHash,
    String hash) {}
