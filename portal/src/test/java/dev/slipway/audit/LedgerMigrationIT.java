package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import liquibase.Liquibase;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;

/**
 * A ledger written before rows were chained after commit: the migration numbers its rows in id
 * order (their chain order then), leaves their hashes alone, and the chain still verifies by
 * position.
 */
class LedgerMigrationIT {

  static final String MASTER = "db/changelog/db.changelog-master.yaml";

  @Test
  void rowsChainedBeforeKeepTheirChainNumberedInIdOrder() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        Connection c = postgres.getPostgresDatabase().getConnection()) {
      Database database =
          DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      Liquibase liquibase = new Liquibase(MASTER, new ClassLoaderResourceAccessor(), database);
      List<ChangeSet> all = liquibase.getDatabaseChangeLog().getChangeSets();
      int before =
          all.indexOf(
              all.stream()
                  .filter(s -> s.getId().equals("0005-chain-after-commit"))
                  .findFirst()
                  .orElseThrow());
      liquibase.update(before, "");

      // Three rows as the ledger wrote them then: chained at insert, in id order.
      List<AuditEntry> written = new ArrayList<>();
      String previous = AuditLedger.GENESIS;
      for (int i = 0; i < 3; i++) {
        AuditEntry row = row(i, previous);
        String hash = AuditLedger.hash(previous, row.content());
        try (PreparedStatement insert =
            c.prepareStatement(
                "insert into audit_event (occurred_at, type, target, actor_subject, actor_name,"
                    + " outcome, details, previous_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          insert.setTimestamp(1, Timestamp.from(row.at()));
          insert.setString(2, row.type());
          insert.setString(3, row.target());
          insert.setString(4, row.actorSubject());
          insert.setString(5, row.actorName());
          insert.setString(6, row.outcome());
          insert.setString(7, row.details());
          insert.setString(8, previous);
          insert.setString(9, hash);
          insert.executeUpdate();
        }
        written.add(row);
        previous = hash;
      }

      liquibase.update("");

      List<AuditEntry> chain = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select * from audit_event order by chain_seq")) {
        while (rs.next()) {
          chain.add(AuditLedger.entry(rs));
        }
      }
      assertThat(chain).extracting(AuditEntry::position).containsExactly(1L, 2L, 3L);
      assertThat(chain).extracting(AuditEntry::id).isSorted();
      assertThat(chain)
          .extracting(AuditEntry::details)
          .containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
      ChainCheck check = ChainCheck.fromGenesis(null);
      chain.forEach(check::accept);
      assertThat(check.finish().intact()).isTrue();
      try (Statement s = c.createStatement()) {
        assertThatThrownBy(
                () -> s.execute("update audit_event set chain_seq = 9 where chain_seq = 1"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("audit_event is insert-only");
      }
    }
  }

  static AuditEntry row(int n, String previous) {
    return LedgerChain.backgroundRow(
        0,
        null,
        Instant.parse("2026-11-20T10:00:00.000001Z").plusSeconds(n),
        "target-" + n,
        "{\"n\":" + n + "}",
        previous,
        null);
  }
}
