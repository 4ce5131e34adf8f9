package dev.slipway.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The rows of {@code audit_checkpoint}: written once, read newest first. Signs nothing. */
@Repository
class CheckpointStore {

  private final JdbcClient jdbc;
  private final JdbcTemplate streaming;
  private final TransactionTemplate readOnly;

  CheckpointStore(
      JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactionManager) {
    this.jdbc = jdbc;
    this.streaming = new JdbcTemplate(dataSource);
    // A checkpoint every few minutes adds up over years: read them through a cursor too.
    this.streaming.setFetchSize(1000);
    this.readOnly = new TransactionTemplate(transactionManager);
    this.readOnly.setReadOnly(true);
  }

  Checkpoint insert(Instant at, long rows, long headId, String headHash, String signature) {
    long id =
        jdbc.sql(
                """
                insert into audit_checkpoint (signed_at, row_count, head_id, head_hash, signature)
                values (:at, :rows, :head, :hash, :signature) returning id""")
            .params(
                Map.of(
                    "at",
                    Timestamp.from(at),
                    "rows",
                    rows,
                    "head",
                    headId,
                    "hash",
                    headHash,
                    "signature",
                    signature))
            .query(Long.class)
            .single();
    return new Checkpoint(id, at, rows, headId, headHash, signature);
  }

  /**
   * Every checkpoint, the one that signed the furthest head first, until {@code each} returns
   * false. By what was signed, not by row id: a copy of an old checkpoint inserted later (its
   * signature still verifies) must not pass for the newest.
   */
  void furthestFirst(Predicate<Checkpoint> each) {
    readOnly.executeWithoutResult(
        tx ->
            streaming.query(
                "select * from audit_checkpoint order by head_id desc, signed_at desc, id desc",
                (ResultSet rs) -> {
                  while (rs.next()) {
                    if (!each.test(checkpoint(rs))) {
                      return null;
                    }
                  }
                  return null;
                }));
  }

  /** A page, newest first, after the keyset {@code before} (an id). */
  List<Checkpoint> page(@Nullable Long before, int limit) {
    return jdbc.sql(
            "select * from audit_checkpoint where id < :before order by id desc limit :limit")
        .param("before", before == null ? Long.MAX_VALUE : before)
        .param("limit", limit)
        .query((rs, n) -> checkpoint(rs))
        .list();
  }

  private static Checkpoint checkpoint(ResultSet rs) throws SQLException {
    return new Checkpoint(
        rs.getLong("id"),
        rs.getTimestamp("signed_at").toInstant(),
        rs.getLong("row_count"),
        rs.getLong("head_id"),
        rs.getString("head_hash"),
        rs.getString("signature"));
  }
}
