package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import java.nio.charset.StandardCharsets;
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
    String id = developer.ready("redis", "audited-one");

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
  void aRowSaysWhichEnvironmentTemplateAndTeamAndTheRequestWithSecretsMasked() {
    Api developer = Api.basic(port, "developer", "developer");
    Api.Response created =
        developer.post(
            "/api/v1/environments?ticket=CHG-1234&api_token=query-secret-5",
            "{\"template\": \"redis\", \"name\": \"audited-masked\", \"parameters\":"
                + " {\"DATABASE_SERVICE_NAME\": \"cache\", \"REDIS_PASSWORD\": \"given-secret-77\"}}");
    assertThat(created.status()).as(created.body()).isEqualTo(202);
    String id = created.json().path("id").asString();
    developer.awaitStatus(id, "READY");
    Api auditor = Api.basic(port, "auditor", "auditor");

    JsonNode requested =
        auditor
            .get("/api/v1/audit?type=EnvironmentRequested&environment=" + id)
            .json()
            .path("events")
            .get(0);

    assertThat(requested.path("template").asString()).isEqualTo("redis");
    assertThat(requested.path("team").asString()).isEqualTo("team-payments");
    assertThat(requested.path("environment").asString()).isEqualTo(id);
    JsonNode request = Api.JSON.readTree(requested.path("request").asString());
    assertThat(request.path("method").asString()).isEqualTo("POST");
    assertThat(request.path("path").asString()).isEqualTo("/api/v1/environments");
    JsonNode parameters = request.path("parameters");
    assertThat(parameters.path("ticket").asString()).isEqualTo("CHG-1234");
    assertThat(parameters.path("DATABASE_SERVICE_NAME").asString()).isEqualTo("cache");
    assertThat(parameters.path("REDIS_PASSWORD").asString()).isEqualTo("••••••");
    assertThat(parameters.path("api_token").asString()).isEqualTo("••••••");
    assertThat(requested.toString()).doesNotContain("given-secret-77", "query-secret-5");
    // Rows the background work wrote about the environment carry its template and team too.
    JsonNode byTeam =
        auditor
            .get(
                "/api/v1/audit?team=team-payments&template=redis&type=EnvironmentReady&environment="
                    + id)
            .json()
            .path("events");
    assertThat(byTeam.size()).isEqualTo(1);
    assertThat(byTeam.get(0).path("actorSubject").asString()).isEqualTo("slipway");
    // Each event says what it is about itself; the filing is not repeated in the details.
    assertThat(byTeam.get(0).path("details").asString()).isEqualTo("{\"id\":\"" + id + "\"}");
    // A time range holds exactly the rows stamped within it, the first and the last included.
    java.time.Instant requestedAt = java.time.Instant.parse(requested.path("at").asString());
    java.time.Instant readyAt = java.time.Instant.parse(byTeam.get(0).path("at").asString());
    JsonNode inRange =
        auditor
            .get(
                "/api/v1/audit?environment="
                    + id
                    + "&from="
                    + requestedAt
                    + "&to="
                    + readyAt.plusNanos(1000))
            .json()
            .path("events");
    java.util.List<String> inRangeTypes = new java.util.ArrayList<>();
    inRange.forEach(e -> inRangeTypes.add(e.path("type").asString()));
    assertThat(inRangeTypes).contains("EnvironmentRequested", "EnvironmentReady");
    assertThat(
            auditor
                .get("/api/v1/audit?environment=" + id + "&to=" + requestedAt)
                .json()
                .path("events")
                .size())
        .isZero();
    assertThat(
            auditor
                .get("/api/v1/audit?team=team-elsewhere&environment=" + id)
                .json()
                .path("events")
                .size())
        .isZero();
  }

  @Test
  void aChangeIsRecordedWithItsStateBeforeAndAfter() {
    Api sre = Api.basic(port, "sre", "sre");
    try {
      Api.Response changed =
          sre.put(
              "/api/v1/templates/postgresql/policy",
              "{\"approvalRequired\": true, \"maxTtl\": \"P5D\"}");
      assertThat(changed.status()).as(changed.body()).isEqualTo(200);

      JsonNode row =
          Api.basic(port, "auditor", "auditor")
              .get("/api/v1/audit?type=TemplatePolicyChanged&template=postgresql")
              .json()
              .path("events")
              .get(0);

      assertThat(row.path("actorSubject").asString()).isEqualTo("sre");
      JsonNode before = Api.JSON.readTree(row.path("before").asString());
      JsonNode after = Api.JSON.readTree(row.path("after").asString());
      assertThat(before.path("approvalRequired").asBoolean()).isFalse();
      assertThat(after.path("approvalRequired").asBoolean()).isTrue();
      assertThat(after.path("maxTtl").asString()).isEqualTo("PT120H");
    } finally {
      sre.put("/api/v1/templates/postgresql/policy", "{}");
    }
  }

  @Test
  void theExportStreamsTheFilteredRangeAsCsvOrJson() {
    Api developer = Api.basic(port, "developer", "developer");
    String id = developer.ready("redis", "exported-one");
    Api auditor = Api.basic(port, "auditor", "auditor");
    JsonNode page = auditor.get("/api/v1/audit?environment=" + id + "&limit=500").json();
    int rows = page.path("events").size();
    assertThat(rows).isGreaterThanOrEqualTo(3);

    Api.Response csv = auditor.get("/api/v1/audit/export?format=csv&environment=" + id);
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    assertThat(csv.raw().headers().firstValue("Content-Disposition").orElseThrow())
        .contains("attachment")
        .contains("slipway-audit.csv");
    String[] lines = csv.body().split("\r\n");
    assertThat(lines[0]).startsWith("id,at,type,target,actorSubject");
    assertThat(lines).hasSize(rows + 1);
    // Oldest first, the reverse of the newest-first pages.
    assertThat(lines[1])
        .startsWith(page.path("events").get(rows - 1).path("id").asString() + ",")
        .contains("EnvironmentRequested");

    Api.Response json = auditor.get("/api/v1/audit/export?format=json&environment=" + id);
    assertThat(json.contentType()).startsWith("application/json");
    JsonNode exported = json.json();
    assertThat(exported.isArray()).isTrue();
    assertThat(exported.size()).isEqualTo(rows);
    assertThat(exported.get(0).path("hash").asString())
        .isEqualTo(page.path("events").get(rows - 1).path("hash").asString());

    assertThat(developer.get("/api/v1/audit/export").status()).isEqualTo(403);
    Api.Response badFormat = auditor.get("/api/v1/audit/export?format=xml");
    assertThat(badFormat.status()).isEqualTo(400);
    assertThat(badFormat.body()).contains("csv, json");
    assertThat(auditor.get("/api/v1/audit?before=abc").status()).isEqualTo(400);
    Api.Response badOutcome = auditor.get("/api/v1/audit?outcome=failed");
    assertThat(badOutcome.status()).isEqualTo(400);
    assertThat(badOutcome.body()).contains("success, failure, refused");
    assertThat(
            auditor.get("/api/v1/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z").status())
        .isEqualTo(400);
  }

  @Test
  void aCsvCellCannotRunAsAFormula() {
    assertThat(Export.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(Export.cell("plain")).isEqualTo("plain");
    assertThat(Export.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(Export.cell(null)).isEmpty();
  }

  @Test
  void theDatabaseRefusesChangesAndATamperedRowBreaksTheChainThere() {
    Api sre = Api.basic(port, "sre", "sre");
    sre.post("/api/v1/environments", "{\"template\": \"redis\", \"name\": \"audited-two\"}");
    // The request's own row: background work may append rows about other things after it.
    long row =
        jdbc.sql(
                "select max(id) from audit_event where type = 'EnvironmentRequested'"
                    + " and details like '%audited-two%'")
            .query(Long.class)
            .single();

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

    // Tampered with once it has its place: a row changed before it is chained would be chained as
    // changed, and nothing could tell.
    LedgerChain.awaitChained(jdbc);
    String original =
        jdbc.sql("select details from audit_event where id = :id")
            .param("id", row)
            .query(String.class)
            .single();
    assertThat(original).as("the tampering below must change the row").contains("redis");
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

  @Test
  void aMalformedQueryOrACredentialInItNeitherHidesNorLeaksARefusal() {
    // Raw, as a client could send it: Java's URI refuses the malformed escape.
    String answer;
    try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
      socket
          .getOutputStream()
          .write(
              ("GET /api/v1/budgets?%zz&code=oauth-code-71&state=st-72 HTTP/1.1\r\n"
                      + "Host: localhost\r\nAuthorization: Basic "
                      + java.util.Base64.getEncoder()
                          .encodeToString("developer:developer".getBytes(StandardCharsets.UTF_8))
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.UTF_8));
      answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(answer).startsWith("HTTP/1.1 403");

    JsonNode refused =
        Api.basic(port, "auditor", "auditor")
            .get("/api/v1/audit?type=AccessRefused&actor=developer")
            .json()
            .path("events")
            .get(0);

    JsonNode parameters = Api.JSON.readTree(refused.path("request").asString()).path("parameters");
    assertThat(parameters.has("%zz")).isTrue();
    assertThat(parameters.path("code").asString()).isEqualTo("••••••");
    assertThat(parameters.path("state").asString()).isEqualTo("••••••");
    assertThat(refused.toString()).doesNotContain("oauth-code-71", "st-72");
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
