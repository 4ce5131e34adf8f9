package dev.slipway.audit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger's chain as tests read it: rows get their place shortly after their transaction commits
 * (by {@link AuditChainer}), so a test that tampers with, signs or holds the chain first waits for
 * the rows written so far to be chained, then reads the chain by position.
 */
final class LedgerChain {

  private LedgerChain() {}

  /** Waits (up to 10 s) until every row committed before this call has its place in the chain. */
  static void awaitChained(JdbcClient jdbc) {
    long upTo = jdbc.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                !jdbc.sql(
                        "select exists (select 1 from audit_event"
                            + " where chain_seq is null and id <= :upTo)")
                    .param("upTo", upTo)
                    .query(Boolean.class)
                    .single());
  }

  /** A row about nothing in particular: an event type and a target, for tests of the chain. */
  static AuditLedger.Draft draft(String type, String target) {
    return new AuditLedger.Draft(
        type,
        target,
        "SUCCESS",
        null,
        null,
        null,
        null,
        null,
        null,
        java.util.Map.of(),
        java.util.Map.of("target", target));
  }

  /** A row of background work (an EnvironmentReady by the portal itself), for chain tests. */
  static AuditEntry backgroundRow(
      long id,
      @org.jspecify.annotations.Nullable Long position,
      java.time.Instant at,
      String target,
      String details,
      String previous,
      @org.jspecify.annotations.Nullable String hash) {
    return new AuditEntry(
        id,
        position,
        at,
        "EnvironmentReady",
        target,
        "slipway",
        "Slipway (background work)",
        "SUCCESS",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        details,
        previous,
        hash);
  }

  /** The ids of the last {@code n} chained rows, the chain's head first. */
  static List<Long> newestIds(JdbcClient jdbc, int n) {
    return jdbc.sql(
            "select id from audit_event where chain_seq is not null"
                + " order by chain_seq desc limit :n")
        .param("n", n)
        .query(Long.class)
        .list();
  }

  /** The chained rows from row {@code id} on, in chain order. */
  static List<AuditEntry> rowsFrom(JdbcClient jdbc, long id) {
    return jdbc.sql(
            "select * from audit_event where chain_seq >= (select chain_seq from audit_event"
                + " where id = :id) order by chain_seq")
        .param("id", id)
        .query((rs, n) -> AuditLedger.entry(rs))
        .list();
  }

  /** How many rows the chain has. */
  static long chainedRows(JdbcClient jdbc) {
    return jdbc.sql("select count(*) from audit_event where chain_seq is not null")
        .query(Long.class)
        .single();
  }
}
