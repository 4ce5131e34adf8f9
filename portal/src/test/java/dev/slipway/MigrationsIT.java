package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code slipway.migrate-only}, as the chart's Job runs it: the tables' owner migrates, the
 * portal's role is left only SELECT and INSERT on the ledger (and UPDATE of the three chain columns
 * the chainer sets once per row), and nothing of the portal starts.
 */
class MigrationsIT {

  static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    try (Connection c = owner();
        Statement s = c.createStatement()) {
      s.execute("create role slipway_portal login password 'portal'");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void migratesAndStartsNothingElse() throws Exception {
    try (ConfigurableApplicationContext context = Migrations.start(asTheOwner())) {
      assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
      assertThat(context.getBeanNamesForType(Scheduler.class)).isEmpty();
      assertThat(context.getBeanNamesForType(dev.slipway.audit.AuditLedger.class)).isEmpty();
    }
    assertThat(count("select count(*) from databasechangelog where id like '0003-%'")).isPositive();
    // Again, as at every upgrade: nothing pending, and the exit status says it went well.
    assertThat(Migrations.run(asTheOwner())).isZero();
  }

  @Test
  void leavesThePortalsRoleOnlyReadingAndAppendingToTheLedger() throws Exception {
    assertThat(Migrations.run(asTheOwner("--slipway.migrations.portal-role=slipway_portal")))
        .isZero();

    for (String table : new String[] {"audit_event", "audit_checkpoint"}) {
      assertThat(privilege(table, "SELECT")).as(table).isTrue();
      assertThat(privilege(table, "INSERT")).as(table).isTrue();
      for (String refused : new String[] {"UPDATE", "DELETE", "TRUNCATE", "TRIGGER"}) {
        assertThat(privilege(table, refused)).as(table + " " + refused).isFalse();
      }
    }
    // The chainer sets a row's place in the chain (the trigger lets it, once): those columns only.
    for (String column : new String[] {"chain_seq", "previous_hash", "hash"}) {
      assertThat(columnPrivilege(column, "UPDATE")).as(column).isTrue();
    }
    for (String column : new String[] {"details", "occurred_at", "actor_subject", "id"}) {
      assertThat(columnPrivilege(column, "UPDATE")).as(column).isFalse();
    }
    // Not the trigger's refusal, which the owner could switch off: the role's own rights.
    try (Connection portal =
            DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
                "slipway_portal",
                "portal");
        Statement s = portal.createStatement()) {
      assertThatThrownBy(() -> s.execute("alter table audit_event disable trigger all"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("must be owner");
      assertThatThrownBy(() -> s.execute("truncate audit_checkpoint"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
  }

  @Test
  void failsWhenLiquibaseIsSwitchedOff() {
    assertThat(Migrations.run(asTheOwner("--spring.liquibase.enabled=false"))).isEqualTo(1);
  }

  @Test
  void failsWhenThePortalRoleIsNotPlain() {
    assertThat(Migrations.run(asTheOwner("--slipway.migrations.portal-role=x'y"))).isEqualTo(1);
  }

  private static String[] asTheOwner(String... more) {
    String[] args = new String[3 + more.length];
    args[0] = "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres");
    args[1] = "--spring.datasource.username=postgres";
    args[2] = "--spring.datasource.password=";
    System.arraycopy(more, 0, args, 3, more.length);
    return args;
  }

  private static Connection owner() throws SQLException {
    return DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = owner();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static boolean columnPrivilege(String column, String privilege) throws SQLException {
    try (Connection c = owner();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select has_column_privilege('slipway_portal', 'audit_event', '"
                    + column
                    + "', '"
                    + privilege
                    + "')")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static boolean privilege(String table, String privilege) throws SQLException {
    try (Connection c = owner();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select has_table_privilege('slipway_portal', '"
                    + table
                    + "', '"
                    + privilege
                    + "')")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
