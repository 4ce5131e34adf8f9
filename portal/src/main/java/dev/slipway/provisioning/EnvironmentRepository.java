package dev.slipway.provisioning;

import dev.slipway.provisioning.EnvironmentStateMachine.Transition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Environments and their objects in PostgreSQL. */
@Repository
class EnvironmentRepository {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP =
      new TypeReference<>() {};
  private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final String instance;

  EnvironmentRepository(JdbcClient jdbc, PortalInstance instance) {
    this.jdbc = jdbc;
    this.instance = instance.name();
  }

  /**
   * Stores a new environment in the status {@code request} gives it (the table's REQUEST move).
   *
   * @throws IllegalArgumentException when {@code request} is not a move that makes an environment,
   *     or the environment's status is not where it leads
   */
  void insert(Environment e, Transition request) {
    if (!request.from().isEmpty() || e.status() != request.to()) {
      throw new IllegalArgumentException(request + " does not store " + e.status());
    }
    jdbc.sql(
            """
            insert into environment (id, name, namespace, template_name, template_version, status,
              status_reason, owner, owner_name, owner_groups, team, parameters, requested_at, updated_at,
              expires_at)
            values (:id, :name, :namespace, :template, :version, :status, :reason, :owner,
              :ownerName, cast(:ownerGroups as jsonb), :team, cast(:parameters as jsonb), :requestedAt, :updatedAt, :expiresAt)""")
        .param("id", e.id())
        .param("name", e.name())
        .param("namespace", e.namespace())
        .param("template", e.template())
        .param("version", String.valueOf(e.templateVersion()))
        .param("status", request.to().name())
        .param("reason", e.statusReason())
        .param("owner", e.owner())
        .param("ownerName", e.ownerName())
        .param("ownerGroups", JSON.writeValueAsString(e.ownerGroups()))
        .param("team", e.team())
        .param("parameters", JSON.writeValueAsString(e.parameters()))
        .param("requestedAt", Timestamp.from(e.requestedAt()))
        .param("updatedAt", Timestamp.from(e.updatedAt()))
        .param("expiresAt", Timestamp.from(e.expiresAt()))
        .update();
    record(
        e.id(),
        null,
        e.status(),
        e.statusReason().isBlank() ? "Requested by " + e.ownerName() : e.statusReason(),
        e.requestedAt());
  }

  private void record(
      UUID id, @Nullable EnvironmentStatus from, EnvironmentStatus to, String reason, Instant at) {
    jdbc.sql(
            """
            insert into environment_transition
              (environment_id, from_status, to_status, reason, at, instance)
            values (:id, :from, :to, :reason, :at, :instance)""")
        .param("id", id)
        .param("from", from == null ? null : from.name())
        .param("to", to.name())
        .param("reason", reason)
        .param("at", Timestamp.from(at))
        .param("instance", instance)
        .update();
  }

  /** Every transition and progress step of an environment, oldest first. */
  List<EnvironmentTransition> history(UUID id) {
    return jdbc.sql(
            """
            select from_status, to_status, reason, at, instance from environment_transition
            where environment_id = :id order by id""")
        .param("id", id)
        .query(
            (rs, row) ->
                new EnvironmentTransition(
                    rs.getString("from_status") == null
                        ? null
                        : EnvironmentStatus.valueOf(rs.getString("from_status")),
                    EnvironmentStatus.valueOf(rs.getString("to_status")),
                    nonNull(rs.getString("reason")),
                    rs.getTimestamp("at").toInstant(),
                    rs.getString("instance")))
        .list();
  }

  /**
   * Makes the move only from a status it starts from; false when another step got there first. The
   * move and its history row are one statement.
   */
  boolean transition(UUID id, Transition move, String reason, Instant at) {
    return jdbc.sql(
                """
                with prior as (
                  select id, status from environment where id = :id and status in (:from) for update),
                moved as (
                  update environment e set status = :to, status_reason = :reason, updated_at = :at
                  from prior where e.id = prior.id returning prior.status as from_status)
                insert into environment_transition
                  (environment_id, from_status, to_status, reason, at, instance)
                select :id, from_status, :to, :reason, :at, :instance from moved""")
            .param("id", id)
            .param("to", move.to().name())
            .param("reason", reason)
            .param("at", Timestamp.from(at))
            .param("from", names(move))
            .param("instance", instance)
            .update()
        == 1;
  }

  private static List<String> names(Transition move) {
    if (move.from().isEmpty()) {
      throw new IllegalArgumentException(move + " makes a new environment; insert it");
    }
    return move.from().stream().map(Enum::name).toList();
  }

  void replaceObjects(UUID id, List<EnvironmentObject> objects) {
    jdbc.sql("delete from environment_object where environment_id = :id").param("id", id).update();
    for (int i = 0; i < objects.size(); i++) {
      EnvironmentObject o = objects.get(i);
      jdbc.sql(
              """
              insert into environment_object
                (environment_id, position, api_version, kind, name, labels, status, message)
              values (:id, :position, :apiVersion, :kind, :name, cast(:labels as jsonb), :status, :message)""")
          .param("id", id)
          .param("position", i)
          .param("apiVersion", o.apiVersion())
          .param("kind", o.kind())
          .param("name", o.name())
          .param("labels", JSON.writeValueAsString(o.labels()))
          .param("status", o.status().name())
          .param("message", o.message())
          .update();
    }
  }

  void updateObject(UUID id, int position, ObjectStatus status, String message) {
    jdbc.sql(
            """
            update environment_object set status = :status, message = :message
            where environment_id = :id and position = :position""")
        .param("id", id)
        .param("position", position)
        .param("status", status.name())
        .param("message", message)
        .update();
  }

  /**
   * Records an object's progress and renews the environment's lease in one statement, only while
   * {@code holder} holds the lease: the check before the next step costs no extra round trip.
   *
   * @return false when the lease is another execution's now (nothing is recorded)
   */
  boolean updateObjectHolding(
      UUID id,
      UUID holder,
      java.time.Duration ttl,
      int position,
      ObjectStatus status,
      String message) {
    return jdbc.sql(
                """
                with renewed as (
                  update environment set lease_until = now() + :ttl * interval '1 millisecond'
                  where id = :id and lease_holder = :holder returning id)
                update environment_object set status = :status, message = :message
                where environment_id = (select id from renewed) and position = :position""")
            .param("ttl", ttl.toMillis())
            .param("id", id)
            .param("holder", holder)
            .param("position", position)
            .param("status", status.name())
            .param("message", message)
            .update()
        > 0;
  }

  Optional<Environment> find(UUID id) {
    return row(id).map(e -> withObjects(e, objects(id)));
  }

  /**
   * The environment's own row, without its objects: one query, for lookups made on every event (the
   * ledger's, the metrics') that need no objects.
   */
  Optional<Environment> row(UUID id) {
    return jdbc.sql("select * from environment where id = :id")
        .param("id", id)
        .query((rs, row) -> environment(rs, List.of()))
        .optional();
  }

  /** Ready environments expiring before {@code horizon} whose owner has not been told yet. */
  List<Environment> dueForNotice(Instant horizon) {
    return ids(
            "select id from environment where status = 'READY' and expiry_notice_at is null"
                + " and expires_at <= :horizon",
            horizon)
        .stream()
        .map(this::find)
        .flatMap(java.util.Optional::stream)
        .toList();
  }

  /**
   * Records the notice for the expiry that was read; false when another instance recorded it first
   * or the environment was extended since.
   */
  boolean markNoticeSent(UUID id, Instant expiresAt, Instant at) {
    return jdbc.sql(
                """
                update environment set expiry_notice_at = :at
                where id = :id and expiry_notice_at is null and expires_at = :expiresAt""")
            .param("id", id)
            .param("expiresAt", Timestamp.from(expiresAt))
            .param("at", Timestamp.from(at))
            .update()
        == 1;
  }

  /**
   * Starts deleting an expired environment (the table's EXPIRE move), re-checking the expiry in the
   * same statement so an extension that just landed wins.
   */
  boolean expire(UUID id, Transition expiry, Instant now, String reason) {
    return jdbc.sql(
                """
                with prior as (
                  select id, status from environment
                  where id = :id and status in (:from) and expires_at <= :now for update),
                moved as (
                  update environment e set status = :to, status_reason = :reason,
                    updated_at = :now
                  from prior where e.id = prior.id returning prior.status as from_status)
                insert into environment_transition
                  (environment_id, from_status, to_status, reason, at, instance)
                select :id, from_status, :to, :reason, :now, :instance from moved""")
            .param("id", id)
            .param("from", names(expiry))
            .param("to", expiry.to().name())
            .param("now", Timestamp.from(now))
            .param("reason", reason)
            .param("instance", instance)
            .update()
        == 1;
  }

  void restartTtl(UUID id, Instant expiresAt) {
    jdbc.sql("update environment set expires_at = :expiresAt where id = :id")
        .param("id", id)
        .param("expiresAt", Timestamp.from(expiresAt))
        .update();
  }

  /** Ready or failed environments whose time is up. */
  List<Environment> expired(Instant now) {
    return ids(
            "select id from environment where status in ('READY', 'FAILED', 'AWAITING_APPROVAL')"
                + " and expires_at <= :horizon",
            now)
        .stream()
        .map(this::find)
        .flatMap(java.util.Optional::stream)
        .toList();
  }

  /**
   * Environments in DELETING whose status has not moved since {@code before}: their deletion task
   * may be gone (an older version gave up after an outage), so the expiry sweep queues it again.
   */
  List<Environment> deletingSince(Instant before) {
    return ids(
            "select id from environment where status = 'DELETING' and updated_at <= :horizon",
            before)
        .stream()
        .map(this::find)
        .flatMap(java.util.Optional::stream)
        .toList();
  }

  /**
   * A new expiry, and a new notice to come; only while the environment is ready and its expiry is
   * still the one the caller read ({@code before}), so two extensions at once cannot both count.
   * The change and its history row are one statement.
   */
  boolean extend(
      UUID id, Transition extension, Instant before, Instant after, String reason, Instant at) {
    return jdbc.sql(
                """
                with prior as (
                  select id, status from environment
                  where id = :id and status in (:from) and expires_at = :before for update),
                moved as (
                  update environment e set status = :to, expires_at = :after,
                    expiry_notice_at = null, updated_at = :at
                  from prior where e.id = prior.id returning prior.status as from_status)
                insert into environment_transition
                  (environment_id, from_status, to_status, reason, at, instance)
                select :id, from_status, :to, :reason, :at, :instance from moved""")
            .param("id", id)
            .param("from", names(extension))
            .param("to", extension.to().name())
            .param("before", Timestamp.from(before))
            .param("after", Timestamp.from(after))
            .param("reason", reason)
            .param("at", Timestamp.from(at))
            .param("instance", instance)
            .update()
        == 1;
  }

  private List<UUID> ids(String sql, Instant horizon) {
    return jdbc.sql(sql).param("horizon", Timestamp.from(horizon)).query(UUID.class).list();
  }

  /** Newest first; {@code owner} null means everyone's, else the owner's and those of the teams. */
  List<Environment> list(@Nullable String owner, List<String> teams) {
    String where =
        owner == null
            ? ""
            : teams.isEmpty()
                ? " where owner = :owner"
                : " where (owner = :owner or team in (:teams))";
    JdbcClient.StatementSpec spec =
        jdbc.sql("select * from environment" + where + " order by requested_at desc limit 500");
    if (owner != null) {
      spec = spec.param("owner", owner);
      if (!teams.isEmpty()) {
        spec = spec.param("teams", teams);
      }
    }
    List<Environment> bare = spec.query((rs, row) -> environment(rs, List.of())).list();
    if (bare.isEmpty()) {
      return bare;
    }
    Map<UUID, List<EnvironmentObject>> objects = new java.util.HashMap<>();
    jdbc.sql(
            "select * from environment_object where environment_id in (:ids) order by environment_id, position")
        .param("ids", bare.stream().map(Environment::id).toList())
        .query(
            rs -> {
              objects
                  .computeIfAbsent(
                      rs.getObject("environment_id", UUID.class), k -> new java.util.ArrayList<>())
                  .add(object(rs));
            });
    return bare.stream().map(e -> withObjects(e, objects.getOrDefault(e.id(), List.of()))).toList();
  }

  private static Environment withObjects(Environment e, List<EnvironmentObject> objects) {
    return new Environment(
        e.id(),
        e.name(),
        e.namespace(),
        e.template(),
        e.templateVersion(),
        e.status(),
        e.statusReason(),
        e.owner(),
        e.ownerName(),
        e.ownerGroups(),
        e.team(),
        e.parameters(),
        e.requestedAt(),
        e.updatedAt(),
        e.expiresAt(),
        objects);
  }

  private static Environment environment(ResultSet rs, List<EnvironmentObject> objects)
      throws SQLException {
    return new Environment(
        rs.getObject("id", UUID.class),
        rs.getString("name"),
        rs.getString("namespace"),
        rs.getString("template_name"),
        Integer.parseInt(rs.getString("template_version")),
        EnvironmentStatus.valueOf(rs.getString("status")),
        nonNull(rs.getString("status_reason")),
        rs.getString("owner"),
        rs.getString("owner_name"),
        JSON.readValue(rs.getString("owner_groups"), STRING_LIST),
        rs.getString("team"),
        JSON.readValue(rs.getString("parameters"), STRING_MAP),
        rs.getTimestamp("requested_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant(),
        rs.getTimestamp("expires_at").toInstant(),
        objects);
  }

  private List<EnvironmentObject> objects(UUID id) {
    return jdbc.sql("select * from environment_object where environment_id = :id order by position")
        .param("id", id)
        .query((rs, row) -> object(rs))
        .list();
  }

  private static EnvironmentObject object(ResultSet rs) throws SQLException {
    return new EnvironmentObject(
        rs.getString("api_version"),
        rs.getString("kind"),
        rs.getString("name"),
        ObjectStatus.valueOf(rs.getString("status")),
        nonNull(rs.getString("message")),
        JSON.readValue(rs.getString("labels"), STRING_MAP));
  }

  private static String nonNull(@Nullable String s) {
    return s == null ? "" : s;
  }
}
