package dev.slipway.audit;

import dev.slipway.security.CurrentUser;
import dev.slipway.security.CurrentUsers;
import dev.slipway.security.Role;
import dev.slipway.shared.AfterCommit;
import dev.slipway.shared.SecretNames;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
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
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records every event the features publish (records of {@code dev.slipway}) as a ledger row: who
 * (the signed-in user, or the portal itself for background work), what (type, target, the event's
 * fields), when, where (client address, user agent), why (a reason the event carries) and the
 * outcome. Rows are chained: each hash covers the previous hash and the row's content, so editing
 * or removing a row breaks the chain from there; PostgreSQL refuses UPDATE and DELETE. A row is
 * written in the transaction of the change it records and chained shortly after it commits, by
 * {@link AuditChainer}: recording takes no lock.
 */
@Service
public class AuditLedger {

  static final String GENESIS = "0".repeat(64);

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AuditLedger.class);

  /**
   * How long a verification or an export waits for another chainer (another instance, or a
   * checkpoint being signed) to let go of the chain before reading what is chained.
   */
  static final java.time.Duration CATCH_UP_PATIENCE = java.time.Duration.ofSeconds(2);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate streamingJdbc;
  private final TransactionTemplate transactions;
  private final TransactionTemplate readOnly;
  private final TransactionTemplate snapshot;
  private final CurrentUsers users;
  private final CheckpointStore checkpoints;
  private final CheckpointSigner signer;
  private final AuditProperties properties;
  private final AuditChainer chainer;
  private final Clock clock;

  AuditLedger(
      JdbcClient jdbc,
      DataSource dataSource,
      PlatformTransactionManager transactionManager,
      CurrentUsers users,
      CheckpointStore checkpoints,
      CheckpointSigner signer,
      AuditProperties properties,
      AuditChainer chainer,
      Clock clock) {
    this.jdbc = jdbc;
    JdbcTemplate streaming = new JdbcTemplate(dataSource);
    // PostgreSQL streams rows through a cursor only with a fetch size, inside a transaction.
    streaming.setFetchSize(1000);
    this.streamingJdbc = new NamedParameterJdbcTemplate(streaming);
    this.transactions = new TransactionTemplate(transactionManager);
    this.readOnly = new TransactionTemplate(transactionManager);
    this.readOnly.setReadOnly(true);
    // Several statements that must see the same rows: the export's chained and waiting rows.
    this.snapshot = new TransactionTemplate(transactionManager);
    this.snapshot.setReadOnly(true);
    this.snapshot.setIsolationLevel(TransactionTemplate.ISOLATION_REPEATABLE_READ);
    this.users = users;
    this.checkpoints = checkpoints;
    this.signer = signer;
    this.properties = properties;
    this.chainer = chainer;
    this.clock = clock;
  }

  /**
   * Every record event of the features; framework events are not the ledger's business. What an
   * event is about (environment, template, team) it says itself ({@link Audited}): the ledger asks
   * no feature.
   */
  @EventListener
  void on(Object event) {
    if (!(event instanceof Record record)
        || !record.getClass().getName().startsWith("dev.slipway.")
        || record.getClass().getName().startsWith("dev.slipway.audit.")) {
      return;
    }
    Map<String, @Nullable Object> fields = new LinkedHashMap<>();
    @Nullable Object before = null;
    @Nullable Object after = null;
    for (var component : record.getClass().getRecordComponents()) {
      if (component.getType() == AuditSubject.class) {
        continue; // the filing, kept in its own columns
      }
      Object value;
      try {
        value = component.getAccessor().invoke(record);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      if (component.getName().equals("before")) {
        before = value;
      } else if (component.getName().equals("after")) {
        after = value;
      }
      fields.put(component.getName(), recordable(component.getName(), value));
    }
    String type = record.getClass().getSimpleName();
    Optional<AuditSubject> subject =
        record instanceof Audited audited ? Optional.of(audited.subject()) : Optional.empty();
    @Nullable UUID environment = subject.map(AuditSubject::environment).orElse(null);
    @Nullable String template =
        string(fields.get("template")).or(() -> subject.map(AuditSubject::template)).orElse(null);
    @Nullable String team =
        string(fields.get("team")).or(() -> subject.map(AuditSubject::team)).orElse(null);
    @SuppressWarnings("unchecked")
    Map<String, String> parameters =
        fields.get("parameters") instanceof Map<?, ?> given
            ? (Map<String, String>) given
            : Map.of();
    append(
        new Draft(
            type,
            target(fields),
            outcome(type, fields),
            reason(fields),
            environment,
            template,
            team,
            state(before),
            state(after),
            parameters,
            fields));
  }

  /** A field as the ledger keeps it: text, maps with secret-looking entries masked. */
  private static @Nullable Object recordable(String name, @Nullable Object value) {
    if (value == null) {
      return null;
    }
    if (SecretNames.looksSecret(name)) {
      return SecretNames.MASK;
    }
    if (value instanceof Map<?, ?> map) {
      return masked(map);
    }
    return value.toString();
  }

  private static Map<String, String> masked(Map<?, ?> map) {
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach(
        (k, v) ->
            out.put(
                String.valueOf(k),
                SecretNames.looksSecret(String.valueOf(k))
                        || CREDENTIAL_PARAMETERS.contains(String.valueOf(k))
                    ? SecretNames.MASK
                    : String.valueOf(v)));
    return out;
  }

  /** A before or after state: text as it is, anything else (a policy, a window) as JSON. */
  private static @Nullable String state(@Nullable Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String || value instanceof Enum<?> || value instanceof Number) {
      return value.toString();
    }
    return JSON.writeValueAsString(value);
  }

  private static Optional<String> string(@Nullable Object value) {
    return value instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }

  private static @Nullable String target(Map<String, @Nullable Object> fields) {
    for (String key : List.of("id", "environment", "name", "template")) {
      if (fields.get(key) != null) {
        return String.valueOf(fields.get(key));
      }
    }
    return null;
  }

  private static @Nullable String reason(Map<String, @Nullable Object> fields) {
    Object reason = fields.get("reason");
    return reason == null ? null : String.valueOf(reason);
  }

  private static String outcome(String type, Map<String, @Nullable Object> fields) {
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

  /** A row to be written: what the event says, before the actor, request and chain are added. */
  record Draft(
      String type,
      @Nullable String target,
      String outcome,
      @Nullable String reason,
      @Nullable UUID environment,
      @Nullable String template,
      @Nullable String team,
      @Nullable String before,
      @Nullable String after,
      Map<String, String> parameters,
      Map<String, @Nullable Object> fields) {}

  /** Writes a row in the caller's transaction if there is one; it is chained after the commit. */
  void append(Draft draft) {
    Optional<CurrentUser> user = users.current();
    String subject = user.map(CurrentUser::id).orElse("slipway");
    String name = user.map(CurrentUser::name).orElse("Slipway (background work)");
    // The environment's team when the row is about one (none if it has none); otherwise the
    // actor's team, so a sign-in or a refusal can be found under the team of who did it.
    String team =
        draft.environment() != null
            ? draft.team()
            : draft.team() != null
                ? draft.team()
                : user.flatMap(u -> u.teams().stream().findFirst()).orElse(null);
    String address = null;
    String agent = null;
    String request = null;
    if (RequestContextHolder.getRequestAttributes()
        instanceof ServletRequestAttributes attributes) {
      HttpServletRequest http = attributes.getRequest();
      address = clip(http.getRemoteAddr(), 64);
      agent = http.getHeader("User-Agent");
      request = request(http, draft.parameters());
    } else if (!draft.parameters().isEmpty()) {
      request = JSON.writeValueAsString(Map.of("parameters", draft.parameters()));
    }
    String userAgent = clip(agent, 512);
    String details = JSON.writeValueAsString(draft.fields());
    String clientAddress = address;
    String requestJson = request;
    // Stamped now, in the recording transaction: the event's own time. Rows are chained in the
    // order their transactions become visible, so times along the chain may step back by as much
    // as a transaction lasts; readers select times by time, never by position or id.
    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
    // A plain insert, without a place in the chain and without a lock: the chainer gives it its
    // place once this transaction commits (nothing if it rolls back: the row is gone with it).
    jdbc.sql(
            """
            insert into audit_event (occurred_at, type, target, actor_subject, actor_name,
              outcome, reason, client_address, user_agent, environment_id, template, team,
              before_state, after_state, request, details)
            values (:at, :type, :target, :subject, :name, :outcome, :reason, :address,
              :agent, :environment, :template, :team, :before, :after, :request, :details)""")
        .param("at", Timestamp.from(at))
        .param("type", draft.type())
        .param("target", draft.target())
        .param("subject", subject)
        .param("name", name)
        .param("outcome", draft.outcome())
        .param("reason", draft.reason())
        .param("address", clientAddress)
        .param("agent", userAgent)
        .param("environment", draft.environment())
        .param("template", draft.template())
        .param("team", team)
        .param("before", draft.before())
        .param("after", draft.after())
        .param("request", requestJson)
        .param("details", details)
        .update();
    AfterCommit.run(chainer::nudge);
  }

  /**
   * The request as the ledger keeps it: method, path and parameters, secret-looking ones masked.
   * Only the query string's parameters are read, never a form's body (a sign-in's password); the
   * body's values come from the event (an environment request's parameters, masked there too).
   */
  private static String request(HttpServletRequest http, Map<String, String> fromEvent) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("method", http.getMethod());
    request.put("path", http.getRequestURI());
    Map<String, String> parameters = new LinkedHashMap<>();
    String query = http.getQueryString();
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decoded(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decoded(pair.substring(eq + 1));
        if (key.startsWith("v-")) {
          continue; // Vaadin's own request bookkeeping
        }
        parameters.put(key, value);
      }
    }
    parameters.putAll(fromEvent);
    if (!parameters.isEmpty()) {
      request.put("parameters", masked(parameters));
    }
    return JSON.writeValueAsString(request);
  }

  /** A query-string part decoded, or as it came when it is not valid percent-encoding. */
  private static String decoded(String part) {
    try {
      return URLDecoder.decode(part, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return part;
    }
  }

  private static @Nullable String clip(@Nullable String value, int max) {
    return value == null ? null : value.substring(0, Math.min(max, value.length()));
  }

  /**
   * Parameters that carry a credential without saying so in their name: OAuth's authorization code
   * and state on the sign-in callback, tokens passed in a query string.
   */
  private static final java.util.Set<String> CREDENTIAL_PARAMETERS =
      java.util.Set.of(
          "code", "state", "session_state", "id_token_hint", "access_token", "id_token", "token");

  /** The hash of a row: SHA-256 over the previous hash and every part, length-prefixed. */
  static String hash(String previous, @Nullable String[] content) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      update(sha, previous);
      for (String part : content) {
        update(sha, part);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void update(MessageDigest sha, @Nullable String part) {
    byte[] bytes = part == null ? new byte[0] : part.getBytes(StandardCharsets.UTF_8);
    sha.update((part == null ? "-1:" : bytes.length + ":").getBytes(StandardCharsets.UTF_8));
    sha.update(bytes);
  }

  /**
   * What verification found.
   *
   * @param intact no row is broken and every checkpoint's signature verifies
   * @param rows the rows checked
   * @param firstBrokenId the first broken row, if any
   * @param detail the first problem (or that there is none), as a sentence
   * @param brokenRows every broken row, oldest first, at most {@value ChainCheck#MAX_LISTED}
   * @param brokenRowCount how many rows are broken, listed or not
   * @param checkpoint the newest checkpoint whose signature verifies, which the rows were held
   *     against; none before the first is written
   * @param forgedCheckpoints checkpoints whose signature does not verify (written by someone
   *     without the key, or signed with another key), those naming the furthest head first, at most
   *     {@value ChainCheck#MAX_LISTED}
   * @param forgedCheckpointCount how many there are, listed or not
   * @param anchored whether every row older than two checkpoint intervals is covered by {@code
   *     checkpoint}; false means checkpoints stopped or were removed, and the rows after it are
   *     held by their hashes alone (see {@link Anchoring})
   * @param unsignedRows rows after {@code checkpoint}'s head (all rows without one)
   * @param oldestUnsignedAt when the oldest of them was written
   * @param anchoring what {@code anchored} means here, as a sentence
   * @param pendingRows rows committed but not in the chain yet, so not checked: none, unless the
   *     chain was held elsewhere for longer than verification waits (they are chained shortly)
   */
  public record Verification(
      boolean intact,
      long rows,
      @Nullable Long firstBrokenId,
      String detail,
      long millis,
      List<BrokenRow> brokenRows,
      long brokenRowCount,
      @Nullable Checkpoint checkpoint,
      List<Long> forgedCheckpoints,
      long forgedCheckpointCount,
      boolean anchored,
      long unsignedRows,
      @Nullable Instant oldestUnsignedAt,
      String anchoring,
      long pendingRows) {}

  /**
   * The newest checkpoint whose signature verifies (the one that signed the furthest head), and
   * those whose signature does not.
   */
  private record Anchors(@Nullable Checkpoint newestValid, List<Long> forged, long forgedCount) {}

  /** Every checkpoint's signature checked, newest first; streamed. */
  private Anchors anchors() {
    Checkpoint[] newest = {null};
    List<Long> forged = new java.util.ArrayList<>();
    long[] forgedCount = {0};
    checkpoints.furthestFirst(
        c -> {
          if (signer.verifies(c)) {
            if (newest[0] == null) {
              newest[0] = c;
            }
          } else {
            forgedCount[0]++;
            if (forged.size() < ChainCheck.MAX_LISTED) {
              forged.add(c.id());
            }
          }
          return true;
        });
    return new Anchors(newest[0], List.copyOf(forged), forgedCount[0]);
  }

  /** The newest checkpoint whose signature verifies; reads no further than it. */
  Optional<Checkpoint> newestValidCheckpoint() {
    Checkpoint[] newest = {null};
    checkpoints.furthestFirst(
        c -> {
          if (signer.verifies(c)) {
            newest[0] = c;
            return false;
          }
          return true;
        });
    return Optional.ofNullable(newest[0]);
  }

  /**
   * Recomputes the chain from the first row, streaming, and holds it against the newest checkpoint
   * whose signature verifies; auditors and SREs. Rows committed but not chained yet are chained
   * first (the work the chainer would do a moment later; the read itself writes nothing of its
   * own), so every committed row is checked; any still waiting (the chain stayed held by another
   * instance) are counted in {@code pendingRows}. Checkpoints are read before the rows, so every
   * row a checkpoint counted is among the rows read.
   *
   * @return every broken row (the first thousand listed) and every checkpoint that is not signed
   *     with the portal's key
   */
  public Verification verify() {
    requireReader();
    long started = System.nanoTime();
    chainer.catchUp(CATCH_UP_PATIENCE);
    Anchors anchors = anchors();
    ChainCheck check = ChainCheck.fromGenesis(anchors.newestValid());
    long signedUpTo = anchors.newestValid() == null ? 0 : anchors.newestValid().rows();
    long[] unsigned = {0};
    Instant[] oldestUnsigned = {null};
    streaming(
        "select * from audit_event where chain_seq is not null order by chain_seq",
        Map.of(),
        e -> {
          check.accept(e);
          if (Objects.requireNonNull(e.position()) > signedUpTo) {
            unsigned[0]++;
            // Times may step back along the chain (see append): the oldest, not the first.
            if (oldestUnsigned[0] == null || e.at().isBefore(oldestUnsigned[0])) {
              oldestUnsigned[0] = e.at();
            }
          }
          return true;
        });
    long pending =
        jdbc.sql("select count(*) from audit_event where chain_seq is null")
            .query(Long.class)
            .single();
    Anchoring anchoring =
        Anchoring.of(
            anchors.newestValid(),
            unsigned[0],
            oldestUnsigned[0],
            clock.instant(),
            properties.checkpointInterval());
    check.finish();
    List<BrokenRow> broken = check.listed();
    String detail;
    if (!broken.isEmpty()) {
      BrokenRow first = broken.getFirst();
      detail =
          "row "
              + first.id()
              + " "
              + first.reason()
              + (check.broken() > 1 ? " (and " + (check.broken() - 1) + " more rows)" : "");
    } else if (!anchors.forged().isEmpty()) {
      detail =
          "checkpoint "
              + anchors.forged().getFirst()
              + " is not signed with the portal's key: someone wrote it into the ledger"
              + (anchors.forgedCount() > 1
                  ? " (and " + (anchors.forgedCount() - 1) + " more checkpoints)"
                  : "");
    } else if (anchors.newestValid() == null) {
      detail =
          "every row's hash matches its content and its predecessor; no signed checkpoint yet,"
              + " so a chain rewritten with its hashes recomputed would not show";
    } else {
      Checkpoint c = anchors.newestValid();
      detail =
          "every row's hash matches its content and its predecessor, and the first "
              + c.rows()
              + " rows match checkpoint "
              + c.id()
              + " signed at "
              + c.at();
    }
    return new Verification(
        check.intact() && anchors.forgedCount() == 0,
        check.rows(),
        broken.isEmpty() ? null : broken.getFirst().id(),
        detail,
        java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        broken,
        check.broken(),
        anchors.newestValid(),
        anchors.forged(),
        anchors.forgedCount(),
        anchoring.anchored(),
        anchoring.unsignedRows(),
        anchoring.oldestUnsigned(),
        anchoring.detail(),
        pending);
  }

  /**
   * Signs the chain's head when rows were added since the newest valid checkpoint and they continue
   * its chain (only those rows are read; all of them before the first checkpoint). A broken stretch
   * is not signed: a checkpoint must never vouch for tampering. Background work: the recurring
   * task, no user.
   *
   * <p>Holds the chain's lock from reading the newest checkpoint to writing the next, in one
   * transaction: it first chains the rows waiting, then no row is chained meanwhile, and nobody
   * else holding the lock (a test that tampers, say) sees a checkpoint signed in the middle of it.
   * Recording never waits for it; only the chaining of new rows does, while the rows since the
   * newest checkpoint are read: one interval's worth, except for the first checkpoint of a ledger
   * that had none. Only chained rows are signed.
   *
   * @return the checkpoint written, if one was
   */
  Optional<Checkpoint> checkpoint() {
    return Objects.requireNonNull(
            transactions.execute(
                tx -> {
                  chainer.holdTheChain();
                  chainer.chainAllHeld();
                  return signTheHead();
                }))
        .map(
            signed -> {
              // Once committed, a copy outside the database, in the log pipeline: what was signed
              // and the signature (never the key), enough to hold the ledger against it later.
              log.info(
                  "Audit ledger checkpoint signed: id={} at={} rows={} headId={} headHash={}"
                      + " signature={}",
                  signed.id(),
                  signed.at(),
                  signed.rows(),
                  signed.headId(),
                  signed.headHash(),
                  signed.signature());
              return signed;
            });
  }

  /**
   * {@link #checkpoint} without taking the lock: the caller holds the chain (in its transaction,
   * or, in a test, on a connection of its own).
   */
  Optional<Checkpoint> signTheHead() {
    Optional<Checkpoint> previous = newestValidCheckpoint();
    ChainCheck check =
        previous.map(ChainCheck::after).orElseGet(() -> ChainCheck.fromGenesis(null));
    streaming(
        "select * from audit_event where chain_seq > :after order by chain_seq",
        Map.of("after", previous.map(Checkpoint::rows).orElse(0L)),
        e -> {
          check.accept(e);
          return check.intact();
        });
    if (!check.intact()) {
      log.warn(
          "Audit ledger: no checkpoint signed, the rows since the last one do not hold: row {} {}",
          check.listed().getFirst().id(),
          check.listed().getFirst().reason());
      return Optional.empty();
    }
    return check
        .last()
        .map(
            head -> {
              Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
              // Logged by checkpoint() once committed, not here inside the transaction.
              return checkpoints.insert(
                  at,
                  check.rows(),
                  head.id(),
                  head.hash(),
                  signer.sign(check.rows(), head.id(), head.hash(), at));
            });
  }

  /** Signed checkpoints, newest first, for anchoring outside the database; auditors and SREs. */
  public List<Checkpoint> checkpoints(@Nullable Long before, int limit) {
    requireReader();
    return checkpoints.page(before, Math.max(1, Math.min(limit, MAX_PAGE)));
  }

  /** Whether a checkpoint is signed with the portal's key. */
  public boolean signedByThePortal(Checkpoint checkpoint) {
    return signer.verifies(checkpoint);
  }

  /**
   * Reads rows one at a time through a server-side cursor, so memory stays flat however many there
   * are; stops when {@code each} returns false.
   */
  private void streaming(
      String sql, Map<String, Object> params, java.util.function.Predicate<AuditEntry> each) {
    readOnly.executeWithoutResult(tx -> cursor(sql, params, each));
  }

  /**
   * Reads the rows of one statement through a server-side cursor, in the caller's transaction.
   *
   * @return whether every row was read ({@code each} never returned false)
   */
  private boolean cursor(
      String sql, Map<String, Object> params, java.util.function.Predicate<AuditEntry> each) {
    return Boolean.TRUE.equals(
        streamingJdbc.query(
            sql,
            new org.springframework.jdbc.core.namedparam.MapSqlParameterSource(params),
            (ResultSet rs) -> {
              while (rs.next()) {
                if (!each.test(entry(rs))) {
                  return false;
                }
              }
              return true;
            }));
  }

  /** A page of the ledger, newest first, after the keyset {@code before} (an id), filtered. */
  public List<AuditEntry> page(AuditFilter filter, @Nullable Long before, int limit) {
    requireReader();
    Map<String, Object> params = new LinkedHashMap<>();
    StringBuilder sql = new StringBuilder("select * from audit_event where true");
    where(filter, before, sql, params);
    if (before != null) {
      sql.append(" and id < :before");
      params.put("before", before);
    }
    sql.append(" order by id desc limit :limit");
    params.put("limit", Math.max(1, Math.min(limit, MAX_PAGE)));
    return jdbc.sql(sql.toString()).params(params).query((rs, row) -> entry(rs)).list();
  }

  /** The largest page a caller gets. */
  public static final int MAX_PAGE = 500;

  /** The event types recorded so far, for the auditor's filter. */
  public List<String> types() {
    requireReader();
    return jdbc.sql(
            """
            with recursive t(type) as (
              (select type from audit_event order by type limit 1)
              union all
              select (select type from audit_event where type > t.type order by type limit 1)
              from t where t.type is not null)
            select type from t where type is not null""")
        .query(String.class)
        .list();
  }

  /**
   * An export of a filtered range in chain order; checked now, streamed when written. Rows
   * committed but not chained yet are chained first, as for {@link #verify}; any still waiting come
   * last, without position and hashes.
   */
  public Export export(AuditFilter filter, Export.Format format) {
    requireReader();
    chainer.catchUp(CATCH_UP_PATIENCE);
    // Two statements in one snapshot, each in the order of an index (chain_seq, then id), so
    // neither sorts: one "order by chain_seq nulls last, id" sorted every row again by id within
    // its position (an incremental sort over the chain_seq index).
    Map<String, Object> params = new LinkedHashMap<>();
    StringBuilder chained =
        new StringBuilder("select * from audit_event where chain_seq is not null");
    where(filter, null, chained, params);
    chained.append(" order by chain_seq");
    StringBuilder waiting = new StringBuilder("select * from audit_event where chain_seq is null");
    where(filter, null, waiting, params);
    waiting.append(" order by id");
    return new Export(
        format,
        sink ->
            snapshot.executeWithoutResult(
                tx -> {
                  if (cursor(chained.toString(), params, sink)) {
                    cursor(waiting.toString(), params, sink);
                  }
                }));
  }

  /**
   * The filter's conditions.
   *
   * @param before where a walk down the ids starts (a page's keyset), if not at the newest row
   */
  private void where(
      AuditFilter f, @Nullable Long before, StringBuilder sql, Map<String, Object> params) {
    if (present(f.type())) {
      sql.append(" and type = :type");
      params.put("type", f.type().strip());
    }
    if (present(f.target())) {
      sql.append(" and target = :target");
      params.put("target", f.target().strip());
    }
    if (present(f.actor())) {
      sql.append(" and (actor_subject = :actor or actor_name = :actor)");
      params.put("actor", f.actor().strip());
    }
    if (present(f.team())) {
      sql.append(" and team = :team");
      params.put("team", f.team().strip());
    }
    if (present(f.template())) {
      sql.append(" and template = :template");
      params.put("template", f.template().strip());
    }
    if (f.environment() != null) {
      sql.append(" and environment_id = :environment");
      params.put("environment", f.environment());
    }
    if (present(f.outcome())) {
      sql.append(" and outcome = :outcome");
      params.put("outcome", f.outcome().strip().toUpperCase(java.util.Locale.ROOT));
    }
    // By time, and by the exact smallest and largest id of the rows in that time, so a walk of the
    // ids starts and stops at the range: times do not rise with ids (concurrent transactions take
    // them in either order, adr/0010-ledger-chained-after-commit.md), so the bounds are computed
    // from the rows, in the same statement.
    TimeRangeIds.append(jdbc, f.from(), f.to(), before, sql, params);
  }

  private static boolean present(@Nullable String value) {
    return value != null && !value.isBlank();
  }

  private void requireReader() {
    CurrentUser user = users.require();
    if (!user.has(Role.AUDITOR) && !user.has(Role.SRE)) {
      throw new AccessDeniedException("Only auditors and SREs read the audit ledger.");
    }
  }

  static AuditEntry entry(ResultSet rs) throws SQLException {
    return new AuditEntry(
        rs.getLong("id"),
        rs.getObject("chain_seq", Long.class),
        rs.getTimestamp("occurred_at").toInstant(),
        rs.getString("type"),
        rs.getString("target"),
        rs.getString("actor_subject"),
        rs.getString("actor_name"),
        rs.getString("outcome"),
        rs.getString("reason"),
        rs.getString("client_address"),
        rs.getString("user_agent"),
        rs.getObject("environment_id", UUID.class),
        rs.getString("template"),
        rs.getString("team"),
        rs.getString("before_state"),
        rs.getString("after_state"),
        rs.getString("request"),
        rs.getString("details"),
        rs.getString("previous_hash"),
        rs.getString("hash"));
  }
}
