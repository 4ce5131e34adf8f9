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

  /** What a row's outcome can be. */
  public static final java.util.List<String> OUTCOMES =
      java.util.List.of("SUCCESS", "FAILURE", "REFUSED");

  public static final AuditFilter NONE =
      new AuditFilter(null, null, null, null, null, null, null, null, null);

  /**
   * A filter as people give it, from the API's query or the auditor's form.
   *
   * @param environment an environment id as text; blank for any
   * @throws dev.slipway.shared.InvalidRequestException naming {@code environment} when it is not an
   *     id, or {@code to} when the range is empty
   */
  public static AuditFilter of(
      @Nullable String actor,
      @Nullable String team,
      @Nullable String template,
      @Nullable String environment,
      @Nullable String type,
      @Nullable String outcome,
      @Nullable String target,
      @Nullable Instant from,
      @Nullable Instant to) {
    UUID environmentId = null;
    if (environment != null && !environment.isBlank()) {
      try {
        environmentId = UUID.fromString(environment.strip());
      } catch (IllegalArgumentException e) {
        throw new dev.slipway.shared.InvalidRequestException(
            "environment", "'" + environment + "' is not an environment id");
      }
    }
    if (outcome != null
        && !outcome.isBlank()
        && !OUTCOMES.contains(outcome.strip().toUpperCase(java.util.Locale.ROOT))) {
      throw new dev.slipway.shared.InvalidRequestException(
          "outcome", "'" + outcome + "' is not one of success, failure, refused");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new dev.slipway.shared.InvalidRequestException("to", "must be after from");
    }
    return new AuditFilter(actor, team, template, environmentId, type, outcome, target, from, to);
  }
}
