package dev.slipway.slo.internal;

import dev.slipway.audit.AuditSubject;
import dev.slipway.slo.Indicator;
import dev.slipway.slo.ServiceObjective;
import dev.slipway.slo.SloWindow;
import dev.slipway.slo.Threshold;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Service-level objectives in PostgreSQL. */
@Repository
public class ObjectiveRepository {

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  ObjectiveRepository(JdbcClient jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  /**
   * Stores the objectives once, all or none: a provisioning attempt that is repeated or runs twice
   * keeps the first set.
   *
   * @return whether this call stored them
   */
  public boolean recordIfAbsent(
      List<ServiceObjective> objectives, String template, String owner, @Nullable String team) {
    if (objectives.isEmpty()) {
      return false;
    }
    return Boolean.TRUE.equals(
        transactions.execute(
            tx -> {
              int inserted = 0;
              for (int i = 0; i < objectives.size(); i++) {
                ServiceObjective o = objectives.get(i);
                inserted +=
                    jdbc.sql(
                            """
                            insert into service_objective (environment_id, service, namespace, name,
                              position, indicator, objective, slo_window, threshold_ms, updated_at,
                              updated_by, template, owner, team)
                            values (:id, :service, :namespace, :name, :position, :indicator,
                              :objective, :window, :threshold, :at, :by, :template, :owner, :team)
                            on conflict do nothing""")
                        .param("id", o.environment())
                        .param("service", o.service())
                        .param("namespace", o.namespace())
                        .param("name", o.name())
                        .param("position", i)
                        .param("indicator", o.indicator().id())
                        .param("objective", o.objective())
                        .param("window", o.window().text())
                        .param("threshold", o.threshold() == null ? null : o.threshold().millis())
                        .param("at", Timestamp.from(o.updatedAt()))
                        .param("by", o.updatedBy())
                        .param("template", template)
                        .param("owner", owner)
                        .param("team", team)
                        .update();
              }
              // Another attempt got there first: keep its set whole, not a mix.
              if (inserted < objectives.size()) {
                tx.setRollbackOnly();
                return false;
              }
              return true;
            }));
  }

  /** Who the service belongs to: its environment's requester and team. */
  public record Owners(@Nullable String owner, @Nullable String team) {}

  public Optional<Owners> owners(UUID environment) {
    return jdbc.sql("select owner, team from service_objective where environment_id = :id limit 1")
        .param("id", environment)
        .query((rs, row) -> new Owners(rs.getString("owner"), rs.getString("team")))
        .optional();
  }

  /** What events about the service are filed under: its environment, template and team. */
  public Optional<AuditSubject> subject(UUID environment) {
    return jdbc.sql(
            "select template, team from service_objective where environment_id = :id limit 1")
        .param("id", environment)
        .query(
            (rs, row) ->
                new AuditSubject(environment, rs.getString("template"), rs.getString("team")))
        .optional();
  }

  public List<ServiceObjective> of(UUID environment) {
    return jdbc.sql("select * from service_objective where environment_id = :id order by position")
        .param("id", environment)
        .query((rs, row) -> objective(rs))
        .list();
  }

  public List<ServiceObjective> all() {
    return jdbc.sql("select * from service_objective order by service, position")
        .query((rs, row) -> objective(rs))
        .list();
  }

  public void update(ServiceObjective o) {
    jdbc.sql(
            """
            update service_objective set objective = :objective, slo_window = :window,
              threshold_ms = :threshold, updated_at = :at, updated_by = :by
            where environment_id = :id and name = :name""")
        .param("id", o.environment())
        .param("name", o.name())
        .param("objective", o.objective())
        .param("window", o.window().text())
        .param("threshold", o.threshold() == null ? null : o.threshold().millis())
        .param("at", Timestamp.from(o.updatedAt()))
        .param("by", o.updatedBy())
        .update();
  }

  private static ServiceObjective objective(ResultSet rs) throws SQLException {
    long thresholdMillis = rs.getLong("threshold_ms");
    Threshold threshold = rs.wasNull() ? null : Threshold.ofMillis(thresholdMillis);
    return new ServiceObjective(
        rs.getObject("environment_id", UUID.class),
        rs.getString("service"),
        rs.getString("namespace"),
        rs.getString("name"),
        Indicator.parse(rs.getString("indicator")),
        rs.getDouble("objective"),
        SloWindow.parse(rs.getString("slo_window")),
        threshold,
        rs.getTimestamp("updated_at").toInstant(),
        rs.getString("updated_by"));
  }
}
