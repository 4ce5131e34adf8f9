package dev.slipway.audit;

import dev.slipway.security.CurrentUser;
import dev.slipway.security.CurrentUsers;
import dev.slipway.security.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records every event the features publish (records of {@code dev.slipway}) as a ledger row: who
 * (the signed-in user, or the portal itself for background work), what (type, target, the event's
 * fields), when, where (client address, user agent), why (a reason the event carries) and the
 * outcome. Rows are chained: each hash covers the previous hash and the row's content, so editing
 * or removing a row breaks the chain from there; PostgreSQL refuses UPDATE and DELETE.
 */
@Service
public class AuditLedger {

  static final String GENESIS = "0".repeat(64);

  /** Serializes appends so each row names its true predecessor. */
  private static final long CHAIN_LOCK = 0x5117_3A7L;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final CurrentUsers users;
  private final Clock clock;

  AuditLedger(JdbcClient jdbc, TransactionTemplate transactions, CurrentUsers users, Clock clock) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.users = users;
    this.clock = clock;
  }

  /** Every record event of the features; framework events are not the ledger's business. */
  @EventListener
  void on(Object event) {
    if (!(event instanceof Record record)
        || !record.getClass().getName().startsWith("dev.slipway.")
        || record.getClass().getName().startsWith("dev.slipway.audit.")) {
      return;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (var component : record.getClass().getRecordComponents()) {
      try {
        Object value = component.getAccessor().invoke(record);
        fields.put(component.getName(), value == null ? null : value.toString());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    append(
        record.getClass().getSimpleName(),
        target(fields),
        outcome(record.getClass().getSimpleName(), fields),
        reason(fields),
        fields);
  }

  private static @Nullable String target(Map<String, Object> fields) {
    for (String key : List.of("id", "environment", "name", "template")) {
      if (fields.get(key) != null) {
        return String.valueOf(fields.get(key));
      }
    }
    return null;
  }

  private static @Nullable String reason(Map<String, Object> fields) {
    Object reason = fields.get("reason");
    return reason == null ? null : String.valueOf(reason);
  }

  private static String outcome(String type, Map<String, Object> fields) {
    if (type.equals("AccessRefused")) {
      return "REFUSED";
    }
    if (type.endsWith("Failed") || type.endsWith("Rejected")) {
      return "FAILURE";
    }
    if ("false".equals(fields.get("allowed"))) {
      return "REFUSED";
    }
    return "SUCCESS";
  }

  /** Appends a row, chained to the last one, in the caller's transaction if there is one. */
  void append(
      String type,
      @Nullable String target,
      String outcome,
      @Nullable String reason,
      Map<String, Object> fields) {
    Optional<CurrentUser> user = users.current();
    String subject = user.map(CurrentUser::id).orElse("slipway");
    String name = user.map(CurrentUser::name).orElse("Slipway (background work)");
    String address = null;
    String agent = null;
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
      address = request.getRequest().getRemoteAddr();
      agent = request.getRequest().getHeader("User-Agent");
    }
    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String details = JSON.writeValueAsString(fields);
    String clientAddress = address;
    String userAgent = agent == null ? null : agent.substring(0, Math.min(512, agent.length()));
    transactions.executeWithoutResult(
        tx -> {
          jdbc.sql("select 1 from pg_advisory_xact_lock(:lock)")
              .param("lock", CHAIN_LOCK)
              .query(Integer.class)
              .single();
          String previous =
              jdbc.sql("select hash from audit_event order by id desc limit 1")
                  .query(String.class)
                  .optional()
                  .orElse(GENESIS);
          String hash =
              hash(
                  previous,
                  at,
                  type,
                  target,
                  subject,
                  name,
                  outcome,
                  reason,
                  clientAddress,
                  userAgent,
                  details);
          jdbc.sql(
                  """
                  insert into audit_event (occurred_at, type, target, actor_subject, actor_name,
                    outcome, reason, client_address, user_agent, details, previous_hash, hash)
                  values (:at, :type, :target, :subject, :name, :outcome, :reason, :address,
                    :agent, :details, :previous, :hash)""")
              .param("at", Timestamp.from(at))
              .param("type", type)
              .param("target", target)
              .param("subject", subject)
              .param("name", name)
              .param("outcome", outcome)
              .param("reason", reason)
              .param("address", clientAddress)
              .param("agent", userAgent)
              .param("details", details)
              .param("previous", previous)
              .param("hash", hash)
              .update();
        });
  }

  /** The hash of a row: SHA-256 over the previous hash and every field, length-prefixed. */
  static String hash(
      String previous,
      Instant at,
      String type,
      @Nullable String target,
      String subject,
      String name,
      String outcome,
      @Nullable String reason,
      @Nullable String address,
      @Nullable String agent,
      String details) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part :
          new String[] {
            previous,
            at.toString(),
            type,
            target,
            subject,
            name,
            outcome,
            reason,
            address,
            agent,
            details
          }) {
        byte[] bytes = part == null ? new byte[0] : part.getBytes(StandardCharsets.UTF_8);
        sha.update((part == null ? "-1:" : bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        sha.update(bytes);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What verification found: the rows checked and the first whose chain is broken, if any. */
  public record Verification(
      boolean intact, long rows, @Nullable Long firstBrokenId, String detail) {}

  /**
   * Recomputes the chain from the first row; auditors and SREs.
   *
   * @return the first row whose stored hash or link does not match
   */
  public Verification verify() {
    requireReader();
    AtomicReference<String> previous = new AtomicReference<>(GENESIS);
    long[] rows = {0};
    Long[] broken = {null};
    String[] detail = {"every row's hash matches its content and its predecessor"};
    jdbc.sql("select * from audit_event order by id")
        .query(
            (ResultSet rs) -> {
              if (broken[0] != null) {
                return;
              }
              AuditEntry e = entry(rs);
              rows[0]++;
              if (!e.previousHash().equals(previous.get())) {
                broken[0] = e.id();
                detail[0] =
                    "row "
                        + e.id()
                        + " does not follow its predecessor (a row was removed or reordered)";
                return;
              }
              String expected =
                  hash(
                      e.previousHash(),
                      e.at(),
                      e.type(),
                      e.target(),
                      e.actorSubject(),
                      e.actorName(),
                      e.outcome(),
                      e.reason(),
                      e.clientAddress(),
                      e.userAgent(),
                      e.details());
              if (!expected.equals(e.hash())) {
                broken[0] = e.id();
                detail[0] = "row " + e.id() + " was changed after it was written";
                return;
              }
              previous.set(e.hash());
            });
    return new Verification(broken[0] == null, rows[0], broken[0], detail[0]);
  }

  /** A page of the ledger, newest first, after the keyset {@code before} (an id), filtered. */
  public List<AuditEntry> page(
      @Nullable String type,
      @Nullable String target,
      @Nullable String actor,
      @Nullable String outcome,
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable Long before,
      int limit) {
    requireReader();
    StringBuilder sql = new StringBuilder("select * from audit_event where true");
    Map<String, Object> params = new LinkedHashMap<>();
    if (type != null && !type.isBlank()) {
      sql.append(" and type = :type");
      params.put("type", type.strip());
    }
    if (target != null && !target.isBlank()) {
      sql.append(" and target = :target");
      params.put("target", target.strip());
    }
    if (actor != null && !actor.isBlank()) {
      sql.append(" and (actor_subject = :actor or actor_name = :actor)");
      params.put("actor", actor.strip());
    }
    if (outcome != null && !outcome.isBlank()) {
      sql.append(" and outcome = :outcome");
      params.put("outcome", outcome.strip());
    }
    if (from != null) {
      sql.append(" and occurred_at >= :from");
      params.put("from", Timestamp.from(from));
    }
    if (to != null) {
      sql.append(" and occurred_at < :to");
      params.put("to", Timestamp.from(to));
    }
    if (before != null) {
      sql.append(" and id < :before");
      params.put("before", before);
    }
    sql.append(" order by id desc limit :limit");
    params.put("limit", Math.max(1, Math.min(limit, 500)));
    return jdbc.sql(sql.toString()).params(params).query((rs, row) -> entry(rs)).list();
  }

  private void requireReader() {
    CurrentUser user = users.require();
    if (!user.has(Role.AUDITOR) && !user.has(Role.SRE)) {
      throw new AccessDeniedException("Only auditors and SREs read the audit ledger.");
    }
  }

  private static AuditEntry entry(ResultSet rs) throws SQLException {
    return new AuditEntry(
        rs.getLong("id"),
        rs.getTimestamp("occurred_at").toInstant(),
        rs.getString("type"),
        rs.getString("target"),
        rs.getString("actor_subject"),
        rs.getString("actor_name"),
        rs.getString("outcome"),
        rs.getString("reason"),
        rs.getString("client_address"),
        rs.getString("user_agent"),
        rs.getString("details"),
        rs.getString("previous_hash"),
        rs.getString("hash"));
  }
}
