package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** The ledger records what happens, only auditors and SREs read it, and tampering shows. */
@PortalTest
class AuditLedgerIT {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;

  @Test
  void aRequestIsRecordedWithWhoWhatWhenAndWhere() {
    Api developer = Api.basic(port, "developer", "developer");
    String id =
        developer
            .post("/api/v1/environments", "{\"template\": \"redis\", \"name\": \"audited-one\"}")
            .json()
            .path("id")
            .asString();
    developer.awaitStatus(id, "READY");

    assertThat(developer.get("/api/v1/audit").status()).isEqualTo(403);
    Api auditor = Api.basic(port, "auditor", "auditor");
    JsonNode page = auditor.get("/api/v1/audit?target=" + id).json();
    java.util.List<String> types = new java.util.ArrayList<>();
    page.path("events").forEach(e -> types.add(e.path("type").asString()));
    assertThat(types).contains("EnvironmentRequested", "ObjectivesRecorded", "EnvironmentReady");

    JsonNode requested =
        auditor
            .get("/api/v1/audit?type=EnvironmentRequested&target=" + id)
            .json()
            .path("events")
            .get(0);
    assertThat(requested.path("actorSubject").asString()).isEqualTo("developer");
    assertThat(requested.path("clientAddress").asString()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(requested.path("userAgent").asString()).isNotBlank();
    assertThat(requested.path("details").asString()).contains("audited-one");
    JsonNode ready =
        auditor
            .get("/api/v1/audit?type=EnvironmentReady&target=" + id)
            .json()
            .path("events")
            .get(0);
    assertThat(ready.path("actorName").asString()).isEqualTo("Slipway (background work)");

    JsonNode verified = auditor.get("/api/v1/audit/verify").json();
    assertThat(verified.path("intact").asBoolean()).as(verified.toString()).isTrue();
    assertThat(verified.path("rows").asLong()).isPositive();
  }

  @Test
  void theDatabaseRefusesChangesAndATamperedRowBreaksTheChainThere() {
    Api sre = Api.basic(port, "sre", "sre");
    sre.post("/api/v1/environments", "{\"template\": \"redis\", \"name\": \"audited-two\"}");
    long row = jdbc.sql("select max(id) from audit_event").query(Long.class).single();

    assertThatThrownBy(
            () ->
                jdbc.sql("update audit_event set reason = 'edited' where id = :id")
                    .param("id", row)
                    .update())
        .isInstanceOf(DataAccessException.class)
        .satisfies(
            e ->
                assertThat(
                        org.springframework.core.NestedExceptionUtils.getMostSpecificCause(e)
                            .getMessage())
                    .contains("audit_event is insert-only"));
    assertThatThrownBy(
            () -> jdbc.sql("delete from audit_event where id = :id").param("id", row).update())
        .isInstanceOf(DataAccessException.class)
        .satisfies(
            e ->
                assertThat(
                        org.springframework.core.NestedExceptionUtils.getMostSpecificCause(e)
                            .getMessage())
                    .contains("audit_event is insert-only"));

    String original =
        jdbc.sql("select details from audit_event where id = :id")
            .param("id", row)
            .query(String.class)
            .single();
    try {
      // A superuser going around the trigger, as only one with the database's keys could.
      tamper(row, original.replace("redis", "postgresql"));
      JsonNode verified = Api.basic(port, "auditor", "auditor").get("/api/v1/audit/verify").json();
      assertThat(verified.path("intact").asBoolean()).isFalse();
      assertThat(verified.path("firstBrokenId").asLong()).isEqualTo(row);
      assertThat(verified.path("detail").asString()).contains("row " + row + " was changed");
    } finally {
      tamper(row, original);
    }
    assertThat(
            Api.basic(port, "auditor", "auditor")
                .get("/api/v1/audit/verify")
                .json()
                .path("intact")
                .asBoolean())
        .isTrue();
  }

  @Test
  void refusedAccessesAndFailedSignInsAreRecorded() {
    Api developer = Api.basic(port, "developer", "developer");
    assertThat(developer.get("/api/v1/budgets").status()).isEqualTo(403);
    assertThat(Api.basic(port, "developer", "wrong-password").get("/api/v1/environments").status())
        .isEqualTo(401);

    Api auditor = Api.basic(port, "auditor", "auditor");
    JsonNode refused =
        auditor
            .get("/api/v1/audit?type=AccessRefused&actor=developer")
            .json()
            .path("events")
            .get(0);
    assertThat(refused.path("outcome").asString()).isEqualTo("REFUSED");
    assertThat(refused.path("details").asString()).contains("GET /api/v1/budgets");
    JsonNode failed = auditor.get("/api/v1/audit?type=SignInFailed").json().path("events").get(0);
    assertThat(failed.path("outcome").asString()).isEqualTo("FAILURE");
    assertThat(failed.path("details").asString())
        .contains("developer")
        .doesNotContain("wrong-password");
  }

  void tamper(long row, String details) {
    transactions.executeWithoutResult(
        tx -> {
          jdbc.sql("set local session_replication_role = replica").update();
          jdbc.sql("update audit_event set details = :details where id = :id")
              .param("details", details)
              .param("id", row)
              .update();
        });
  }
}
