package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import dev.slipway.cluster.internal.ClusterConnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A generated password lives in the cluster's Secret and nowhere else: not in any table, log line,
 * ledger row or API answer.
 */
@PortalTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsStayInTheClusterIT {

  @LocalServerPort int port;
  @Autowired ClusterConnection cluster;
  @Autowired JdbcClient jdbc;

  @Test
  void aGeneratedPasswordIsFoundOnlyInTheCluster(CapturedOutput output) {
    Api developer = Api.basic(port, "developer", "developer");
    Api sre = Api.basic(port, "sre", "sre");
    Api auditor = Api.basic(port, "auditor", "auditor");
    List<String> answers = new ArrayList<>();
    Api.Response created =
        developer.post(
            "/api/v1/environments",
            "{\"template\": \"webapp-postgresql\", \"name\": \"secret-keeper\", \"parameters\": {\"NAME\": \"keeper\"}}");
    answers.add(created.body());
    String id = created.json().path("id").asString();
    answers.add(developer.awaitStatus(id, "READY").toString());

    var secret =
        cluster.client().secrets().inNamespace("env-secret-keeper").withName("keeper-db").get();
    String password = secret.getStringData().get("database-password");
    assertThat(password).as("the template generates it").hasSizeGreaterThanOrEqualTo(16);

    for (String path :
        List.of(
            "/api/v1/environments",
            "/api/v1/environments/" + id,
            "/api/v1/environments/" + id + "/history",
            "/api/v1/services/" + id + "/slos",
            "/api/v1/services/" + id + "/release-gate",
            "/api/v1/templates")) {
      answers.add(developer.get(path).body());
      answers.add(sre.get(path).body());
    }
    answers.add(auditor.get("/api/v1/audit?limit=500").body());
    answers.add(auditor.get("/api/v1/audit?target=" + id + "&limit=500").body());
    String csv = auditor.get("/api/v1/audit/export?format=csv").body();
    String json = auditor.get("/api/v1/audit/export?format=json&environment=" + id).body();
    assertThat(csv).as("the export can find things").contains("secret-keeper");
    assertThat(json).contains("secret-keeper");
    answers.add(csv);
    answers.add(json);
    answers.add(
        developer
            .post(
                "/api/v1/templates/webapp-postgresql/render",
                "{\"parameters\": {\"NAME\": \"keeper\"}}")
            .body());
    assertThat(answers).hasSizeGreaterThan(10).noneMatch(a -> a.contains(password));

    // Every row of every table, as text.
    List<String> tables =
        jdbc.sql(
                "select table_name from information_schema.tables"
                    + " where table_schema = 'public' and table_type = 'BASE TABLE'")
            .query(String.class)
            .list();
    assertThat(tables)
        .contains("environment", "audit_event", "scheduled_tasks", "service_objective");
    for (String table : tables) {
      long hits =
          jdbc.sql(
                  "select count(*) from \"" + table + "\" t where position(:needle in t::text) > 0")
              .param("needle", password)
              .query(Long.class)
              .single();
      assertThat(hits).as("rows of %s holding the password", table).isZero();
    }

    // The searches can find things: the environment's name is in its row and its log lines.
    assertThat(
            jdbc.sql("select count(*) from environment t where position(:needle in t::text) > 0")
                .param("needle", "secret-keeper")
                .query(Long.class)
                .single())
        .isPositive();
    assertThat(output.getAll()).contains("secret-keeper").doesNotContain(password);
  }
}
