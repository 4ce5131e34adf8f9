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

    sweep(
        output,
        answers,
        id,
        "secret-keeper",
        "webapp-postgresql",
        "{\"parameters\": {\"NAME\": \"keeper\"}}",
        password);
  }

  static final String NAMED_BY_A_SECRET =
      """
      apiVersion: template.openshift.io/v1
      kind: Template
      metadata: {name: named-by-a-secret}
      parameters:
        - {name: TOKEN, generate: expression, from: "[a-z0-9]{20}"}
      objects:
        - apiVersion: v1
          kind: ConfigMap
          metadata:
            name: cfg-${TOKEN}
            labels: {token: "${TOKEN}", "${TOKEN}": key}
            annotations: {note: "made with ${TOKEN}", "x/${TOKEN}": key}
          data: {token: "${TOKEN}", "${TOKEN}": key}
      """;

  @Test
  void aGeneratedValueInAnObjectsNameOrLabelIsMaskedInEverythingRecorded(CapturedOutput output) {
    Api developer = Api.basic(port, "developer", "developer");
    Api.Response imported =
        Api.basic(port, "sre", "sre").post("/api/v1/templates?publish=true", NAMED_BY_A_SECRET);
    assertThat(imported.status()).as(imported.body()).isEqualTo(201);
    List<String> answers = new ArrayList<>();
    Api.Response created =
        developer.post(
            "/api/v1/environments",
            "{\"template\": \"named-by-a-secret\", \"name\": \"token-named\"}");
    answers.add(created.body());
    String id = created.json().path("id").asString();
    var ready = developer.awaitStatus(id, "READY");
    answers.add(ready.toString());

    var configMaps =
        cluster
            .client()
            .configMaps()
            .inNamespace("env-token-named")
            .withLabel("token")
            .list()
            .getItems();
    assertThat(configMaps).as("the cluster has the object under its real name").hasSize(1);
    String token = configMaps.getFirst().getMetadata().getLabels().get("token");
    assertThat(token).hasSize(20);
    assertThat(configMaps.getFirst().getMetadata().getName()).isEqualTo("cfg-" + token);
    assertThat(ready.toString())
        .as("the recorded name is masked")
        .contains("cfg-" + dev.slipway.catalog.RenderedTemplate.MASK);

    sweep(output, answers, id, "token-named", "named-by-a-secret", "{}", token);

    // The dry run draws values of its own; none shows, as a value or as a key.
    var dryRun = developer.post("/api/v1/templates/named-by-a-secret/render", "{}").json();
    var object = dryRun.path("objects").get(0);
    assertThat(object.path("data").propertyNames())
        .containsExactlyInAnyOrder("token", dev.slipway.catalog.RenderedTemplate.MASK);
    assertThat(object.path("metadata").path("labels").propertyNames())
        .contains(dev.slipway.catalog.RenderedTemplate.MASK)
        .noneMatch(k -> k.matches("[a-z0-9]{20}"));
    assertThat(object.path("metadata").path("annotations").propertyNames())
        .contains("x/" + dev.slipway.catalog.RenderedTemplate.MASK);
  }

  private void sweep(
      CapturedOutput output,
      List<String> answers,
      String id,
      String name,
      String template,
      String renderBody,
      String password) {
    Api developer = Api.basic(port, "developer", "developer");
    Api sre = Api.basic(port, "sre", "sre");
    Api auditor = Api.basic(port, "auditor", "auditor");
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
    assertThat(csv).as("the export can find things").contains(name);
    assertThat(json).contains(name);
    answers.add(csv);
    answers.add(json);
    answers.add(developer.post("/api/v1/templates/" + template + "/render", renderBody).body());
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
                .param("needle", name)
                .query(Long.class)
                .single())
        .isPositive();
    assertThat(output.getAll()).contains(name).doesNotContain(password);
  }
}
