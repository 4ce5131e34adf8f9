package dev.slipway.slo;

import dev.slipway.audit.AuditSubject;
import dev.slipway.audit.Audited;
import java.util.UUID;

/**
 * The past-tense events of service-level objectives, for the audit ledger. Each carries its {@link
 * AuditSubject}: the service's environment, template and team.
 */
public final class SloEvents {

  private SloEvents() {}

  /** A service's objectives were recorded at provisioning, from its template or the defaults. */
  public record ObjectivesRecorded(
      UUID environment, String service, int objectives, AuditSubject subject) implements Audited {}

  /** An SRE changed an objective; before and after in the ledger's terms. */
  public record ObjectiveChanged(
      UUID environment, String name, String before, String after, String by, AuditSubject subject)
      implements Audited {}
}
