package dev.slipway.gate;

import dev.slipway.audit.AuditSubject;
import dev.slipway.audit.Audited;
import java.util.UUID;

/**
 * The past-tense events of the release gate, for the audit ledger and the webhook. Each carries its
 * {@link AuditSubject}: the service's environment, template and team.
 */
public final class ReleaseGateEvents {

  private ReleaseGateEvents() {}

  /** The error-budget policy froze feature releases of a service. */
  public record ServiceFrozen(
      UUID environment,
      String service,
      String slo,
      double budgetRemaining,
      java.time.Instant since,
      AuditSubject subject)
      implements Audited {}

  /** The service's budgets recovered above the margin: features may ship again. */
  public record FreezeLifted(
      UUID environment, String service, java.time.Instant frozenSince, AuditSubject subject)
      implements Audited {}

  /** An SRE lifted a freeze for a bounded time, saying why. */
  public record FreezeOverridden(
      UUID environment,
      String service,
      java.time.Instant until,
      String reason,
      String by,
      AuditSubject subject)
      implements Audited {}

  /** The release gate answered a pipeline. */
  public record GateDecided(
      UUID environment,
      String service,
      String change,
      boolean allowed,
      String state,
      String reason,
      AuditSubject subject)
      implements Audited {}

  /** An SRE set a service's own freeze threshold and lift margin ({@code freezeAt/liftMargin}). */
  public record ReleasePolicyChanged(
      UUID environment,
      String service,
      String before,
      String after,
      String by,
      AuditSubject subject)
      implements Audited {}

  /** An SRE left a planned window out of a service's budget. */
  public record BudgetWindowExcluded(
      UUID environment,
      String service,
      java.time.Instant from,
      java.time.Instant to,
      String reason,
      String by,
      AuditSubject subject)
      implements Audited {}
}
