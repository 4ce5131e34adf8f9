package dev.slipway.provisioning;

import dev.slipway.audit.AuditSubject;
import dev.slipway.audit.Audited;
import java.util.UUID;

/**
 * The past-tense events of an environment's lifecycle, for the audit ledger and other features.
 * Each carries its {@link AuditSubject} (the environment, its template and team), so the ledger
 * files it without asking provisioning.
 */
public final class EnvironmentEvents {

  private EnvironmentEvents() {}

  /** What an event about this environment is filed under. */
  static AuditSubject about(Environment environment) {
    return AuditSubject.environment(environment.id(), environment.template(), environment.team());
  }

  /**
   * @param team the team it belongs to, if any
   * @param parameters the values the requester gave, secret ones masked
   */
  public record EnvironmentRequested(
      UUID id,
      String name,
      String template,
      String owner,
      @org.jspecify.annotations.Nullable String team,
      java.util.Map<String, String> parameters)
      implements Audited {

    @Override
    public AuditSubject subject() {
      return AuditSubject.environment(id, template, team);
    }
  }

  public record EnvironmentReady(UUID id, AuditSubject subject) implements Audited {}

  public record EnvironmentAwaitingApproval(
      UUID id, String template, String owner, AuditSubject subject) implements Audited {}

  public record EnvironmentApproved(UUID id, String by, AuditSubject subject) implements Audited {}

  public record EnvironmentRejected(UUID id, String by, String reason, AuditSubject subject)
      implements Audited {}

  public record EnvironmentFailed(UUID id, String reason, AuditSubject subject)
      implements Audited {}

  public record EnvironmentRetried(UUID id, String by, AuditSubject subject) implements Audited {}

  public record EnvironmentDeletionRequested(UUID id, String by, AuditSubject subject)
      implements Audited {}

  public record EnvironmentDeleted(UUID id, AuditSubject subject) implements Audited {}

  /** Sent once, {@code slipway.provisioning.expiry.notice-before} ahead of expiry. */
  public record EnvironmentExpiring(
      UUID id, java.time.Instant expiresAt, String owner, AuditSubject subject)
      implements Audited {}

  public record EnvironmentExpired(UUID id, java.time.Instant expiresAt, AuditSubject subject)
      implements Audited {}

  public record EnvironmentExtended(
      UUID id, java.time.Instant before, java.time.Instant after, String by, AuditSubject subject)
      implements Audited {}
}
