package dev.slipway.gate.internal;

import dev.slipway.gate.GatePolicy;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The release gate's freezes and overrides in PostgreSQL. */
@Repository
public class GateRepository {

  private final JdbcClient jdbc;

  GateRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<GatePolicy.Freeze> freeze(UUID environment) {
    return jdbc.sql(
            "select frozen_since, slo, budget_remaining from release_freeze where environment_id = :id")
        .param("id", environment)
        .query(
            (rs, row) ->
                new GatePolicy.Freeze(
                    rs.getTimestamp("frozen_since").toInstant(),
                    rs.getString("slo"),
                    rs.getDouble("budget_remaining")))
        .optional();
  }

  /** Records a new freeze; false when one was recorded meanwhile (the first one stands). */
  public boolean freeze(UUID environment, String service, GatePolicy.Freeze freeze) {
    return jdbc.sql(
                """
                insert into release_freeze (environment_id, service, frozen_since, slo, budget_remaining)
                values (:id, :service, :since, :slo, :remaining) on conflict do nothing""")
            .param("id", environment)
            .param("service", service)
            .param("since", Timestamp.from(freeze.since()))
            .param("slo", freeze.slo())
            .param("remaining", freeze.remaining())
            .update()
        == 1;
  }

  /** Ends a freeze; false when it was already lifted. */
  public boolean lift(UUID environment, Instant since) {
    // Only the freeze the caller saw: a newer one recorded meanwhile stands.
    return jdbc.sql(
                "delete from release_freeze where environment_id = :id and frozen_since = :since")
            .param("id", environment)
            .param("since", Timestamp.from(since))
            .update()
        == 1;
  }

  public java.util.Set<UUID> frozen() {
    return new java.util.HashSet<>(
        jdbc.sql("select environment_id from release_freeze").query(UUID.class).list());
  }

  public Optional<GatePolicy.Override> override(UUID environment, Instant now) {
    return jdbc.sql(
            """
            select until, reason, by_name from release_override
            where environment_id = :id and until > :now order by until desc limit 1""")
        .param("id", environment)
        .param("now", Timestamp.from(now))
        .query(
            (rs, row) ->
                new GatePolicy.Override(
                    rs.getTimestamp("until").toInstant(),
                    rs.getString("reason"),
                    rs.getString("by_name")))
        .optional();
  }

  public void addOverride(
      UUID environment, Instant until, String reason, String subject, String name, Instant now) {
    jdbc.sql(
            """
            insert into release_override (environment_id, until, reason, by_subject, by_name, created_at)
            values (:id, :until, :reason, :subject, :name, :now)""")
        .param("id", environment)
        .param("until", Timestamp.from(until))
        .param("reason", reason)
        .param("subject", subject)
        .param("name", name)
        .param("now", Timestamp.from(now))
        .update();
  }

  /** A service's own thresholds: {@code [freezeAt, liftMargin]}, each null where it has none. */
  public Optional<Double[]> policy(UUID environment) {
    return jdbc.sql("select freeze_at, lift_margin from release_policy where environment_id = :id")
        .param("id", environment)
        .query(
            (rs, row) -> {
              double freezeAt = rs.getDouble("freeze_at");
              Double f = rs.wasNull() ? null : freezeAt;
              double margin = rs.getDouble("lift_margin");
              Double m = rs.wasNull() ? null : margin;
              return new Double[] {f, m};
            })
        .optional();
  }

  public void setPolicy(
      UUID environment,
      @org.jspecify.annotations.Nullable Double freezeAt,
      @org.jspecify.annotations.Nullable Double liftMargin,
      String by,
      Instant at) {
    jdbc.sql(
            """
            insert into release_policy (environment_id, freeze_at, lift_margin, updated_by, updated_at)
            values (:id, :freezeAt, :liftMargin, :by, :at)
            on conflict (environment_id) do update set freeze_at = :freezeAt,
              lift_margin = :liftMargin, updated_by = :by, updated_at = :at""")
        .param("id", environment)
        .param("freezeAt", freezeAt)
        .param("liftMargin", liftMargin)
        .param("by", by)
        .param("at", Timestamp.from(at))
        .update();
  }

  public java.util.List<dev.slipway.gate.BudgetExclusion> exclusions(UUID environment) {
    return jdbc.sql(
            """
            select starts_at, ends_at, reason, by_name from budget_exclusion
            where environment_id = :id order by starts_at""")
        .param("id", environment)
        .query(
            (rs, row) ->
                new dev.slipway.gate.BudgetExclusion(
                    rs.getTimestamp("starts_at").toInstant(),
                    rs.getTimestamp("ends_at").toInstant(),
                    rs.getString("reason"),
                    rs.getString("by_name")))
        .list();
  }

  public void addExclusion(
      UUID environment, dev.slipway.gate.BudgetExclusion exclusion, Instant now) {
    jdbc.sql(
            """
            insert into budget_exclusion (environment_id, starts_at, ends_at, reason, by_name, created_at)
            values (:id, :from, :to, :reason, :by, :now)""")
        .param("id", environment)
        .param("from", Timestamp.from(exclusion.from()))
        .param("to", Timestamp.from(exclusion.to()))
        .param("reason", exclusion.reason())
        .param("by", exclusion.by())
        .param("now", Timestamp.from(now))
        .update();
  }
}
