package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Rows are written without a lock and chained after their commit: in the order their transactions
 * became visible, each exactly once, including rows no instance was told about.
 */
@PortalTest
class AuditChainerIT {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired TransactionTemplate transactions;
  @Autowired AuditLedger ledger;
  @Autowired AuditChainer chainer;
  @Autowired AuditProperties properties;

  @Test
  void rowsCommittedOutOfIdOrderAreEachChainedOnceInTheOrderTheyCommitted() throws Exception {
    String run = UUID.randomUUID().toString();
    int count = 5;
    List<CountDownLatch> commit = new ArrayList<>();
    List<CountDownLatch> written = new ArrayList<>();
    List<CompletableFuture<Void>> transactionsInFlight = new ArrayList<>();
    List<Long> positions = new ArrayList<>();
    long[] ids = new long[count];
    ExecutorService threads = Executors.newFixedThreadPool(count);
    try {
      // Five transactions write their row one after another (ids ascending) and stay open.
      for (int i = 0; i < count; i++) {
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        commit.add(go);
        written.add(done);
        String target = run + "-" + i;
        int k = i;
        transactionsInFlight.add(
            CompletableFuture.runAsync(
                () ->
                    new TransactionTemplate(transactionManager)
                        .executeWithoutResult(
                            tx -> {
                              ledger.append(draft(target));
                              ids[k] = idOf(target); // visible to its own transaction only
                              done.countDown();
                              released(go);
                            }),
                threads));
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(ids).as("ids are given at insert, in order").isSorted();

      // They commit newest first; each is chained (after-commit) before the next commits.
      for (int i = count - 1; i >= 0; i--) {
        commit.get(i).countDown();
        transactionsInFlight.get(i).get(10, TimeUnit.SECONDS);
        long id = ids[i];
        await().atMost(Duration.ofSeconds(10)).until(() -> positionOf(id) > 0);
        positions.add(positionOf(id));
      }
    } finally {
      commit.forEach(CountDownLatch::countDown);
      threads.shutdown();
    }

    assertThat(positions)
        .as("chained in commit order, not id order")
        .isSorted()
        .doesNotHaveDuplicates();
    Map<String, Object> chain =
        jdbc.sql(
                "select count(*) as rows, min(chain_seq) as first, max(chain_seq) as last"
                    + " from audit_event where chain_seq is not null")
            .query()
            .singleRow();
    assertThat(((Number) chain.get("first")).longValue()).isEqualTo(1);
    assertThat(((Number) chain.get("last")).longValue())
        .as("every chained row has one position, none skipped")
        .isEqualTo(((Number) chain.get("rows")).longValue());
    JsonNode verified = verify();
    assertThat(verified.path("intact").asBoolean()).as(verified.toString()).isTrue();
    assertThat(verified.path("pendingRows").asLong()).isZero();
  }

  @Test
  void theDatabaseLetsAPendingRowBeChainedOnceAndNothingElse() throws Exception {
    String target = "pending-" + UUID.randomUUID();
    long id;
    try (Connection lock = holdTheChain()) {
      ledger.append(draft(target));
      id = idOf(target);
      assertThat(positionOf(id)).as("held: nobody chains it").isZero();

      for (String change :
          List.of(
              "update audit_event set details = '{}' where id = " + id,
              "update audit_event set chain_seq = 999999999, previous_hash = repeat('0', 64),"
                  + " hash = repeat('1', 64), reason = 'and this' where id = "
                  + id,
              "update audit_event set hash = repeat('1', 64) where id = " + id,
              "delete from audit_event where id = " + id)) {
        assertRefused(change);
      }
      // Exactly this goes through: the three chain columns, from null, nothing else (rolled
      // back here, since it is not the chain's true next link).
      transactions.executeWithoutResult(
          tx -> {
            assertThat(
                    jdbc.sql(
                            "update audit_event set chain_seq = 999999999,"
                                + " previous_hash = repeat('0', 64), hash = repeat('1', 64)"
                                + " where id = :id")
                        .param("id", id)
                        .update())
                .isEqualTo(1);
            tx.setRollbackOnly();
          });
      lock.rollback();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> positionOf(id) > 0);

    for (String change :
        List.of(
            "update audit_event set chain_seq = chain_seq + 1000000 where id = " + id,
            "update audit_event set previous_hash = hash where id = " + id,
            "update audit_event set reason = 'edited' where id = " + id,
            "delete from audit_event where id = " + id)) {
      assertRefused(change);
    }
    assertThat(verify().path("intact").asBoolean()).isTrue();
  }

  @Test
  void aRowLeftByAnInstanceThatStoppedIsChainedByAnotherInstancesSweep() throws Exception {
    // This instance's chainer stops: it neither hears of commits nor sweeps. What is left is the
    // other instance, which was never told about the row.
    chainer.stop();
    AuditChainer other = new AuditChainer(jdbc, dataSource, transactionManager, properties);
    try {
      String target = "orphan-" + UUID.randomUUID();
      // Written and committed by an instance that stopped before its after-commit nudge ran.
      jdbc.sql(
              "insert into audit_event (occurred_at, type, target, actor_subject, actor_name,"
                  + " outcome, details) values (now(), 'EnvironmentReady', :target, 'slipway',"
                  + " 'Slipway (background work)', 'SUCCESS', '{}')")
          .param("target", target)
          .update();
      long id = idOf(target);
      Thread.sleep(properties.chainInterval().toMillis() + 500);
      assertThat(positionOf(id)).as("no instance chains it: the test can fail").isZero();

      other.start();

      await().atMost(properties.chainInterval().multipliedBy(5)).until(() -> positionOf(id) > 0);
    } finally {
      other.stop();
      chainer.start();
    }
    JsonNode verified = verify();
    assertThat(verified.path("intact").asBoolean()).as(verified.toString()).isTrue();
  }

  @Test
  void verificationAndExportChainWhatIsWaitingAndReportWhatCannotBe() throws Exception {
    // No chainer but the reads': this instance's is stopped, and the chain is held at first.
    chainer.stop();
    try {
      String target = "waiting-" + UUID.randomUUID();
      try (Connection lock = holdTheChain()) {
        ledger.append(draft(target));
        JsonNode held = verify();
        assertThat(held.path("intact").asBoolean()).isTrue();
        assertThat(held.path("pendingRows").asLong()).as("held elsewhere: waiting").isPositive();
        String exported = auditor().get("/api/v1/audit/export?format=csv&target=" + target).body();
        assertThat(exported).contains(target);
        assertThat(exported.strip()).as("no hashes and position yet").endsWith(",,,");
        lock.rollback();
      }
      long id = idOf(target);
      assertThat(positionOf(id)).isZero();

      JsonNode verified = verify();

      assertThat(positionOf(id)).as("chained by the verification, then checked").isPositive();
      assertThat(verified.path("intact").asBoolean()).isTrue();
      assertThat(verified.path("pendingRows").asLong()).isZero();
    } finally {
      chainer.start();
    }
  }

  // ---

  static AuditLedger.Draft draft(String target) {
    return LedgerChain.draft("ChainerChecked", target);
  }

  Connection holdTheChain() throws Exception {
    Connection lock = dataSource.getConnection();
    lock.setAutoCommit(false);
    try (Statement s = lock.createStatement()) {
      s.execute("select pg_advisory_xact_lock(" + AuditChainer.CHAIN_LOCK + ")");
    }
    return lock;
  }

  void assertRefused(String change) {
    assertThatThrownBy(() -> jdbc.sql(change).update())
        .as(change)
        .isInstanceOf(DataAccessException.class)
        .satisfies(
            e ->
                assertThat(NestedExceptionUtils.getMostSpecificCause(e).getMessage())
                    .contains("audit_event is insert-only"));
  }

  long idOf(String target) {
    return jdbc.sql("select id from audit_event where target = :target")
        .param("target", target)
        .query(Long.class)
        .single();
  }

  /** The row's place in the chain; 0 while it has none. */
  long positionOf(long id) {
    return jdbc.sql("select coalesce(chain_seq, 0) from audit_event where id = :id")
        .param("id", id)
        .query(Long.class)
        .single();
  }

  static void released(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Api auditor() {
    return Api.basic(port, "auditor", "auditor");
  }

  JsonNode verify() {
    Api.Response answer = auditor().get("/api/v1/audit/verify");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }
}
