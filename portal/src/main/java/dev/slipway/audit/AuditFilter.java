package dev.slipway.audit;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What an auditor narrows the ledger to; every field is optional and they combine with "and".
 *
 * @param actor a subject or a display name
 * @param target an environment, template or service id as events name it
 * @param from inclusive
 * @param to exclusive
 */
public record AuditFilter(
    @Nullable String actor,
    @Nullable String team,
    @Nullable String template,
    @Nullable UUID environment,
    @Nullable String type,
    @Nullable String outcome,
    @Nullable String target,
    @Nullable Instant from,
    @Nullable Instant to) {

  public static final AuditFilter NONE =
      new AuditFilter(null, null, null, null, null, null, null, null, null);
}
