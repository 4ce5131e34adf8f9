package dev.slipway.audit;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the ledger files an event under, for auditors' filters: the environment it is about (or the
 * service it became) with that environment's template and team, or a template alone. The event
 * carries it ({@link Audited}), so the ledger asks no feature about its own data.
 *
 * @param environment the environment the event is about, if any
 * @param template the environment's template, or the template the event is about
 * @param team the environment's team, if it has one
 */
public record AuditSubject(
    @Nullable UUID environment, @Nullable String template, @Nullable String team) {

  /** An environment (or its service), with its template and team. */
  public static AuditSubject environment(UUID id, String template, @Nullable String team) {
    return new AuditSubject(id, template, team);
  }

  /** A template of the catalog: no environment, no team. */
  public static AuditSubject template(String name) {
    return new AuditSubject(null, name, null);
  }
}
