package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import dev.slipway.TestClock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The ledger against its own database role: the role that owns the tables disables the trigger,
 * rewrites rows and recomputes the chain exactly as {@link AuditLedger} hashes it, or cuts the
 * newest rows, or writes a checkpoint of its own. Signed checkpoints make each of these show.
 *
 * <p>Each test holds the chain's lock while it tampers, so no row is chained meanwhile (rows are
 * still written, and wait for their place), and puts every row back as it was: the suites share one
 * database, and the chain must verify after.
 */
@PortalTest
class AuditCheckpointIT {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;
  @Autowired TransactionTemplate transactions;
  @Autowired AuditLedger ledger;
  @Autowired TestClock clock;

  @Value("${slipway.audit.checkpoint-key}")
  String key;

  @Test
  void aChainRewrittenWithItsHashesRecomputedNoLongerMatchesTheCheckpoint() throws Exception {
    addARow();
    holdingTheChain(
        () -> {
          Checkpoint signed = signedHead();
          long rewrittenFrom = newestIds(3).getLast();
          List<AuditEntry> original = rowsFrom(rewrittenFrom);
          assertThat(original.getLast().id()).isEqualTo(signed.headId());
          try {
            rewriteAndRehash(original, "{\"note\": \"this never happened\"}");
            // The tampering took, and the hash chain alone cannot tell: every link and every
            // row's hash agree again.
            List<AuditEntry> rewritten = rowsFrom(rewrittenFrom);
            assertThat(rewritten.getFirst().details()).contains("this never happened");
            assertThat(rewritten.getLast().hash()).isNotEqualTo(signed.headHash());
            ChainCheck alone = ChainCheck.after(precedingHead(original));
            rewritten.forEach(alone::accept);
            assertThat(alone.intact()).as("the rewritten chain is consistent in itself").isTrue();

            JsonNode verified = verify();

            assertThat(verified.path("intact").asBoolean()).isFalse();
            assertThat(verified.path("checkpoint").path("id").asLong()).isEqualTo(signed.id());
            assertThat(brokenIds(verified)).contains(signed.headId());
            assertThat(reasonOf(verified, signed.headId()))
                .contains("does not have the hash checkpoint " + signed.id() + " signed");
            // Nothing is signed over it either.
            assertThat(ledger.signTheHead()).isEmpty();
          } finally {
            restore(original);
          }
          assertThat(verify().path("intact").asBoolean()).isTrue();
        });
  }

  @Test
  void removingTheNewestRowsIsDetected() throws Exception {
    addARow();
    addARow();
    holdingTheChain(
        () -> {
          Checkpoint signed = signedHead();
          long cutFrom = newestIds(2).getLast();
          long before = count();
          long cutPosition = rowsFrom(cutFrom).getFirst().position();
          jdbc.sql(
                  "create table audit_event_cut as select * from audit_event"
                      + " where chain_seq >= :position")
              .param("position", cutPosition)
              .update();
          try {
            asTheTableOwner(
                "audit_event",
                "audit_event_insert_only",
                "delete from audit_event where chain_seq >= " + cutPosition);
            assertThat(count()).as("the newest rows are gone").isEqualTo(before - 2);

            JsonNode verified = verify();

            assertThat(verified.path("intact").asBoolean()).isFalse();
            assertThat(verified.path("firstBrokenId").asLong()).isEqualTo(signed.headId());
            assertThat(reasonOf(verified, signed.headId()))
                .contains("is gone")
                .contains("the checkpoint counted " + signed.rows());
          } finally {
            jdbc.sql(
                    "insert into audit_event overriding system value select * from audit_event_cut")
                .update();
            jdbc.sql("drop table audit_event_cut").update();
          }
          assertThat(count()).isEqualTo(before);
          assertThat(verify().path("intact").asBoolean()).isTrue();
        });
  }

  @Test
  void everyBrokenRowIsListed() throws Exception {
    for (int i = 0; i < 4; i++) {
      addARow();
    }
    holdingTheChain(
        () -> {
          signedHead();
          List<Long> newest = newestIds(5);
          long first = newest.get(4);
          long second = newest.get(1);
          String firstDetails = details(first);
          String secondDetails = details(second);
          try {
            asTheTableOwner(
                "audit_event",
                "audit_event_insert_only",
                "update audit_event set details = '{\"edited\": 1}' where id = " + first,
                "update audit_event set details = '{\"edited\": 2}' where id = " + second);
            assertThat(details(first)).isNotEqualTo(firstDetails);
            assertThat(details(second)).isNotEqualTo(secondDetails);

            JsonNode verified = verify();

            assertThat(verified.path("intact").asBoolean()).isFalse();
            assertThat(brokenIds(verified)).containsExactly(first, second);
            assertThat(verified.path("brokenRowCount").asLong()).isEqualTo(2);
            assertThat(verified.path("firstBrokenId").asLong()).isEqualTo(first);
            assertThat(reasonOf(verified, second)).isEqualTo("was changed after it was written");
            assertThat(verified.path("detail").asString())
                .startsWith("row " + first + " was changed")
                .contains("and 1 more");
          } finally {
            setDetails(first, firstDetails);
            setDetails(second, secondDetails);
          }
          assertThat(verify().path("intact").asBoolean()).isTrue();
        });
  }

  @Test
  void aCheckpointNotSignedWithThePortalsKeyIsReportedAndNotTrusted() throws Exception {
    addARow();
    holdingTheChain(
        () -> {
          Checkpoint signed = signedHead();
          // All the database's role can compute: SHA-256 of what the portal signs, and a later
          // time, so that it would pass for the newest checkpoint.
          Instant at = signed.at().plusSeconds(60).truncatedTo(ChronoUnit.MICROS);
          String unkeyed =
              AuditLedger.hash(
                  "",
                  new String[] {
                    CheckpointSigner.message(signed.rows(), signed.headId(), signed.headHash(), at)
                  });
          long forged =
              jdbc.sql(
                      """
                      insert into audit_checkpoint (signed_at, row_count, head_id, head_hash,
                        signature) values (:at, :rows, :head, :hash, :signature) returning id""")
                  .param("at", java.sql.Timestamp.from(at))
                  .param("rows", signed.rows())
                  .param("head", signed.headId())
                  .param("hash", signed.headHash())
                  .param("signature", unkeyed)
                  .query(Long.class)
                  .single();
          try {
            JsonNode verified = verify();

            assertThat(verified.path("intact").asBoolean()).isFalse();
            List<Long> reported = new ArrayList<>();
            verified.path("forgedCheckpoints").forEach(id -> reported.add(id.asLong()));
            assertThat(reported).containsExactly(forged);
            assertThat(verified.path("checkpoint").path("id").asLong()).isEqualTo(signed.id());
            assertThat(verified.path("brokenRows").isEmpty()).isTrue();
            assertThat(verified.path("detail").asString())
                .contains("checkpoint " + forged + " is not signed with the portal's key");

            JsonNode listed = auditor().get("/api/v1/audit/checkpoints?limit=500").json();
            assertThat(signatureValid(listed, forged)).isFalse();
            assertThat(signatureValid(listed, signed.id())).isTrue();
          } finally {
            asTheTableOwner(
                "audit_checkpoint",
                "audit_checkpoint_insert_only",
                "delete from audit_checkpoint where id = " + forged);
          }
          assertThat(verify().path("intact").asBoolean()).isTrue();
        });
  }

  @Test
  void aStretchThatDoesNotHoldIsNotSigned() throws Exception {
    holdingTheChain(() -> signedHead());
    addARow();
    holdingTheChain(
        () -> {
          long row = newestIds(1).getFirst();
          String original = details(row);
          try {
            asTheTableOwner(
                "audit_event",
                "audit_event_insert_only",
                "update audit_event set details = '{}' where id = " + row);

            assertThat(ledger.signTheHead()).isEmpty();
          } finally {
            setDetails(row, original);
          }
          assertThat(ledger.signTheHead()).get().extracting(Checkpoint::headId).isEqualTo(row);
        });
  }

  @Test
  void checkpointsAreInsertOnlyWrittenByTheTaskNotByReadingAndKeepTheKeyToThemselves()
      throws Exception {
    addARow();
    holdingTheChain(
        () -> {
          Checkpoint signed = signedHead();
          long checkpoints = checkpointCount();
          Api auditor = auditor();

          List<String> answers = new ArrayList<>();
          for (String path :
              List.of(
                  "/api/v1/audit",
                  "/api/v1/audit/verify",
                  "/api/v1/audit/checkpoints",
                  "/api/v1/audit/export?format=json")) {
            Api.Response answer = auditor.get(path);
            assertThat(answer.status()).as(path).isEqualTo(200);
            answers.add(answer.body());
          }

          assertThat(checkpointCount()).as("reading signs nothing").isEqualTo(checkpoints);
          String decoded = new String(Base64.getDecoder().decode(key), StandardCharsets.UTF_8);
          assertThat(answers).noneMatch(a -> a.contains(key) || a.contains(decoded));
          JsonNode newest = auditor.get("/api/v1/audit/checkpoints?limit=1").json();
          assertThat(newest.path("checkpoints").get(0).path("id").asLong())
              .isGreaterThanOrEqualTo(signed.id());
          assertThat(newest.path("checkpoints").get(0).path("signature").asString()).hasSize(64);
          assertThat(newest.path("next").asLong())
              .isEqualTo(newest.path("checkpoints").get(0).path("id").asLong());
        });
    assertThat(Api.basic(port, "developer", "developer").get("/api/v1/audit/checkpoints").status())
        .isEqualTo(403);
    assertThat(auditor().get("/api/v1/audit/checkpoints?limit=0").status()).isEqualTo(400);
    long any = jdbc.sql("select max(id) from audit_checkpoint").query(Long.class).single();
    for (String change :
        List.of(
            "update audit_checkpoint set row_count = 0 where id = " + any,
            "delete from audit_checkpoint where id = " + any)) {
      assertThatThrownBy(() -> jdbc.sql(change).update())
          .isInstanceOf(DataAccessException.class)
          .satisfies(
              e ->
                  assertThat(NestedExceptionUtils.getMostSpecificCause(e).getMessage())
                      .contains("audit_checkpoint is insert-only"));
    }
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void theRecurringCheckpointWaitsForTheChainAndLogsWhatItSigned(CapturedOutput output)
      throws Exception {
    addARow();
    AtomicReference<CompletableFuture<Optional<Checkpoint>>> signing = new AtomicReference<>();
    long[] head = {0};
    holdingTheChain(
        () -> {
          head[0] = count();
          signing.set(CompletableFuture.supplyAsync(ledger::checkpoint));
          // Whoever holds the chain (an append between its hash and its insert, a tamperer)
          // sees no checkpoint signed in the middle of it.
          assertThatThrownBy(() -> signing.get().get(1, TimeUnit.SECONDS))
              .isInstanceOf(TimeoutException.class);
        });
    Optional<Checkpoint> written = signing.get().get(30, TimeUnit.SECONDS);
    Checkpoint signed = written.or(() -> ledger.newestValidCheckpoint()).orElseThrow();
    assertThat(signed.rows()).isGreaterThanOrEqualTo(head[0]);
    assertThat(verify().path("intact").asBoolean()).isTrue();

    written.ifPresent(
        c ->
            assertThat(output.getAll())
                .contains(
                    "Audit ledger checkpoint signed: id="
                        + c.id()
                        + " at="
                        + c.at()
                        + " rows="
                        + c.rows()
                        + " headId="
                        + c.headId()
                        + " headHash="
                        + c.headHash()
                        + " signature="
                        + c.signature()));
    String decoded = new String(Base64.getDecoder().decode(key), StandardCharsets.UTF_8);
    assertThat(output.getAll()).doesNotContain(key).doesNotContain(decoded);
  }

  @Test
  void verifySaysWhenRowsHaveWaitedTooLongForACheckpoint() throws Exception {
    holdingTheChain(() -> signedHead());
    addARow();
    holdingTheChain(
        () -> {
          assertThat(ledger.newestValidCheckpoint().orElseThrow().rows())
              .as("the new row is not signed yet")
              .isLessThan(count());
          JsonNode fresh = verify();
          assertThat(fresh.path("intact").asBoolean()).isTrue();
          assertThat(fresh.path("anchored").asBoolean()).as(fresh.toString()).isTrue();
          assertThat(fresh.path("unsignedRows").asLong()).isPositive();

          // Two checkpoint intervals (5 minutes each) later, with no checkpoint since: the
          // recurring task stopped, or its checkpoints were removed. Later than the new row's
          // stamp: rows are never stamped before their predecessor, and an earlier test's row
          // may carry a moment its advanced clock gave it.
          Instant stamped = rowsFrom(newestIds(1).getFirst()).getFirst().at();
          Duration ahead = Duration.between(clock.instant(), stamped);
          clock.advance((ahead.isNegative() ? Duration.ZERO : ahead).plusMinutes(11));
          try {
            JsonNode stale = verify();
            assertThat(stale.path("intact").asBoolean()).isTrue();
            assertThat(stale.path("anchored").asBoolean()).isFalse();
            assertThat(stale.path("oldestUnsignedAt").asString()).isNotEmpty();
            assertThat(stale.path("anchoring").asString())
                .startsWith("not anchored: ")
                .contains("held by their hashes alone");
          } finally {
            clock.reset();
          }

          signedHead();
          clock.advance(Duration.ofMinutes(11));
          try {
            JsonNode covered = verify();
            assertThat(covered.path("anchored").asBoolean()).isTrue();
            assertThat(covered.path("unsignedRows").asLong()).isZero();
          } finally {
            clock.reset();
          }
        });
  }

  // --- the tampering, as the table owner could do it

  /** Runs the statements with the trigger off, in one transaction, and switches it back on. */
  void asTheTableOwner(String table, String trigger, String... statements) {
    transactions.executeWithoutResult(
        tx -> {
          jdbc.sql("alter table " + table + " disable trigger " + trigger).update();
          for (String statement : statements) {
            jdbc.sql(statement).update();
          }
          jdbc.sql("alter table " + table + " enable trigger " + trigger).update();
        });
  }

  /** Row {@code rows[0]} gets new details; it and every row after it are re-hashed. */
  void rewriteAndRehash(List<AuditEntry> rows, String details) {
    transactions.executeWithoutResult(
        tx -> {
          jdbc.sql("alter table audit_event disable trigger audit_event_insert_only").update();
          String previous = rows.getFirst().previousHash();
          for (int i = 0; i < rows.size(); i++) {
            AuditEntry e = rows.get(i);
            AuditEntry changed = i == 0 ? ChainCheckTest.withDetails(e, details) : e;
            String hash = AuditLedger.hash(previous, changed.content());
            jdbc.sql(
                    "update audit_event set details = :details, previous_hash = :previous,"
                        + " hash = :hash where id = :id")
                .param("details", changed.details())
                .param("previous", previous)
                .param("hash", hash)
                .param("id", e.id())
                .update();
            previous = hash;
          }
          jdbc.sql("alter table audit_event enable trigger audit_event_insert_only").update();
        });
  }

  void restore(List<AuditEntry> rows) {
    transactions.executeWithoutResult(
        tx -> {
          jdbc.sql("alter table audit_event disable trigger audit_event_insert_only").update();
          for (AuditEntry e : rows) {
            jdbc.sql(
                    "update audit_event set details = :details, previous_hash = :previous,"
                        + " hash = :hash where id = :id")
                .param("details", e.details())
                .param("previous", e.previousHash())
                .param("hash", e.hash())
                .param("id", e.id())
                .update();
          }
          jdbc.sql("alter table audit_event enable trigger audit_event_insert_only").update();
        });
  }

  void setDetails(long row, String details) {
    transactions.executeWithoutResult(
        tx -> {
          jdbc.sql("alter table audit_event disable trigger audit_event_insert_only").update();
          jdbc.sql("update audit_event set details = :details where id = :id")
              .param("details", details)
              .param("id", row)
              .update();
          jdbc.sql("alter table audit_event enable trigger audit_event_insert_only").update();
        });
  }

  // --- the ledger as it is

  interface Body {
    void run() throws Exception;
  }

  /**
   * Holds the chain's lock, on a connection of its own, while {@code body} runs: no row is chained
   * meanwhile (background work still writes rows; they wait for their place), so what a test signs
   * is the head and what it puts back is the whole chain. Verification waits a moment for the chain
   * ({@link AuditLedger#CATCH_UP_PATIENCE}), then checks what is chained.
   */
  void holdingTheChain(Body body) throws Exception {
    try (Connection lock = dataSource.getConnection()) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("select pg_advisory_xact_lock(" + AuditChainer.CHAIN_LOCK + ")");
      }
      try {
        body.run();
      } finally {
        lock.rollback();
      }
    }
  }

  /** A checkpoint of the chain's head as it is now: written, or the one that already is. */
  Checkpoint signedHead() {
    Checkpoint signed = ledger.signTheHead().or(() -> ledger.newestValidCheckpoint()).orElseThrow();
    assertThat(signed.headId()).isEqualTo(newestIds(1).getFirst());
    return signed;
  }

  /** A refused access: a row of its own, quickly, chained with every row before it. */
  void addARow() {
    assertThat(Api.basic(port, "developer", "developer").get("/api/v1/budgets").status())
        .isEqualTo(403);
    LedgerChain.awaitChained(jdbc);
  }

  List<Long> newestIds(int n) {
    return LedgerChain.newestIds(jdbc, n);
  }

  List<AuditEntry> rowsFrom(long id) {
    return LedgerChain.rowsFrom(jdbc, id);
  }

  /** A stand-in checkpoint at the row before {@code rows}, to check them as a stretch. */
  static Checkpoint precedingHead(List<AuditEntry> rows) {
    return new Checkpoint(
        0, Instant.EPOCH, 0, rows.getFirst().id() - 1, rows.getFirst().previousHash(), "");
  }

  String details(long row) {
    return jdbc.sql("select details from audit_event where id = :id")
        .param("id", row)
        .query(String.class)
        .single();
  }

  /** The chain's rows: rows written while a test holds the chain wait outside it. */
  long count() {
    return LedgerChain.chainedRows(jdbc);
  }

  long checkpointCount() {
    return jdbc.sql("select count(*) from audit_checkpoint").query(Long.class).single();
  }

  Api auditor() {
    return Api.basic(port, "auditor", "auditor");
  }

  JsonNode verify() {
    Api.Response answer = auditor().get("/api/v1/audit/verify");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  static List<Long> brokenIds(JsonNode verified) {
    List<Long> ids = new ArrayList<>();
    verified.path("brokenRows").forEach(b -> ids.add(b.path("id").asLong()));
    return ids;
  }

  static String reasonOf(JsonNode verified, long row) {
    for (JsonNode b : verified.path("brokenRows")) {
      if (b.path("id").asLong() == row) {
        return b.path("reason").asString();
      }
    }
    throw new AssertionError("row " + row + " is not listed: " + verified);
  }

  static boolean signatureValid(JsonNode page, long checkpoint) {
    for (JsonNode c : page.path("checkpoints")) {
      if (c.path("id").asLong() == checkpoint) {
        return c.path("signatureValid").asBoolean();
      }
    }
    throw new AssertionError("checkpoint " + checkpoint + " is not listed: " + page);
  }
}
