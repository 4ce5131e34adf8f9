package dev.slipway.provisioning;

import dev.slipway.audit.AuditSubjects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Tells the audit ledger an environment's template and team, for auditors' filters. */
@Component
class EnvironmentAuditSubjects implements AuditSubjects {

  private final EnvironmentRepository environments;

  EnvironmentAuditSubjects(EnvironmentRepository environments) {
    this.environments = environments;
  }

  @Override
  public Optional<Subject> environment(UUID id) {
    return environments.row(id).map(e -> new Subject(e.template(), e.team()));
  }
}
