package dev.slipway.audit;

import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the ledger needs to know of an environment an event is about, so auditors can filter by
 * template and team: provided by the feature that owns environments.
 */
public interface AuditSubjects {

  /** The environment's template and team, if it exists. */
  Optional<Subject> environment(UUID id);

  record Subject(String template, @Nullable String team) {}
}
