package dev.slipway.provisioning;

import java.util.UUID;

/** The past-tense events of an environment's lifecycle, for the audit ledger and other features. */
public final class EnvironmentEvents {

  private EnvironmentEvents() {}

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
      java.util.Map<String, String> parameters) {}

  public record EnvironmentReady(UUID id) {}

  public record EnvironmentAwaitingApproval(UUID id, String template, String owner) {}

  public record EnvironmentApproved(UUID id, String by) {}

  public record EnvironmentRejected(UUID id, String by, String reason) {}

  public record EnvironmentFailed(UUID id, String reason) {}

  public record EnvironmentRetried(UUID id, String by) {}

  public record EnvironmentDeletionRequested(UUID id, String by) {}

  public record EnvironmentDeleted(UUID id) {}

  /** Sent once, {@code slipway.provisioning.expiry.notice-before} ahead of expiry. */
  public record EnvironmentExpiring(UUID id, java.time.Instant expiresAt, String owner) {}

  public record EnvironmentExpired(UUID id, java.time.Instant expiresAt) {}

  public record EnvironmentExtended(
      UUID id, java.time.Instant before, java.time.Instant after, String by) {}
}
