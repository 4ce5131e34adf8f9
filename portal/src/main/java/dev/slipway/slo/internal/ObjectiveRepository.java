package dev.slipway.slo.internal;

import dev.slipway.slo.ServiceObjective;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Service-level objectives in PostgreSQL. */
@Repository
public class ObjectiveRepository {

  private final JdbcClient jdbc;

  ObjectiveRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores the objectives once: a provisioning attempt that is repeated keeps the first. */
  public boolean recordIfAbsent(List<ServiceObjective> objectives) {
    if (objectives.isEmpty()
        || jdbc.sql("select count(*) from service_objective where environment_id = :id")
                .param("id", objectives.getFirst().environment())
                .query(Long.class)
                .single()
            > 0) {
      return false;
    }
    for (int i = 0; i < objectives.size(); i++) {
      ServiceObjective o = objectives.get(i);
      jdbc.sql(
              """
              insert into service_objective (environment_id, service, namespace, name, position,
                indicator, objective, slo_window, threshold_ms, updated_at, updated_by)
              values (:id, :service, :namespace, :name, :position, :indicator, :objective, :window,
                :threshold, :at, :by)
              on conflict do nothing""")
          .param("id", o.environment())
          .param("service", o.service())
          .param("namespace", o.namespace())
          .param("name", o.name())
          .param("position", i)
          .param("indicator", o.indicator())
          .param("objective", o.objective())
          .param("window", o.window())
          .param("threshold", o.threshold() == null ? null : o.threshold().toMillis())
          .param("at", Timestamp.from(o.updatedAt()))
          .param("by", o.updatedBy())
          .update();
    }
    return true;
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
        .param("window", o.window())
        .param("threshold", o.threshold() == null ? null : o.threshold().toMillis())
        .param("at", Timestamp.from(o.updatedAt()))
        .param("by", o.updatedBy())
        .update();
  }

  private static ServiceObjective objective(ResultSet rs) throws SQLException {
    long thresholdMillis = rs.getLong("threshold_ms");
    Duration threshold = rs.wasNull() ? null : Duration.ofMillis(thresholdMillis);
    return new ServiceObjective(
        rs.getObject("environment_id", UUID.class),
        rs.getString("service"),
        rs.getString("namespace"),
        rs.getString("name"),
        rs.getString("indicator"),
        rs.getDouble("objective"),
        rs.getString("slo_window"),
        threshold,
        rs.getTimestamp("updated_at").toInstant(),
        rs.getString("updated_by"));
  }
}
