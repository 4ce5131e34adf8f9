package dev.slipway.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import dev.slipway.cluster.internal.ClusterConnection;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Every provisioned service is recorded with its objectives and gets its monitoring: from its
 * template's slo section, or the defaults.
 */
@PortalTest
class ServiceLevelsIT {

  @LocalServerPort int port;
  @Autowired ClusterConnection cluster;

  Api developer() {
    return Api.basic(port, "developer", "developer");
  }

  Api sre() {
    return Api.basic(port, "sre", "sre");
  }

  @Test
  void aServiceIsRecordedWithItsTemplatesObjectivesAndMonitored() {
    String id =
        developer()
            .ready(
                """
            {"template": "webapp-postgresql", "name": "slo-shop",
             "parameters": {"NAME": "shop", "LATENCY_BOUND": "2s"}}""");

    JsonNode service = developer().get("/api/v1/services/" + id + "/slos").json();
    String name = ServiceLevels.serviceName("slo-shop", java.util.UUID.fromString(id));
    assertThat(name).isEqualTo("slo-shop-" + id.substring(0, 8));
    assertThat(service.path("service").asString()).isEqualTo(name);
    List<String> described = new ArrayList<>();
    service.path("objectives").forEach(o -> described.add(o.path("description").asString()));
    assertThat(described)
        .containsExactly(
            "99.9 % available over 30d",
            "50 % of requests under 300 ms over 30d", "99 % of requests under 2 s over 30d");
    assertThat(service.path("budgetsProblem").isNull()).as("Prometheus answered").isTrue();

    var kube = cluster.client();
    ServiceMonitor monitor =
        kube.resources(ServiceMonitor.class).inNamespace("env-slo-shop").withName("slipway").get();
    assertThat(monitor.getSpec().getSelector().getMatchLabels())
        .containsEntry("slipway.dev/environment", id);
    assertThat(monitor.getSpec().getEndpoints())
        .extracting(e -> e.getPort() + " " + e.getPath())
        .contains("web /metrics");
    ConfigMap dashboard =
        kube.configMaps().inNamespace("env-slo-shop").withName("slipway-dashboard").get();
    assertThat(dashboard.getMetadata().getLabels())
        .containsEntry("grafana_dashboard", "1")
        .containsEntry("slipway.dev/environment", id);
    JsonNode json = Api.JSON.readTree(dashboard.getData().get("slipway-" + name + ".json"));
    assertThat(json.path("title").asString()).isEqualTo("Slipway: " + name);
    List<String> expressions = new ArrayList<>();
    json.path("panels")
        .forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asString())));
    assertThat(expressions)
        .hasSize(9)
        .contains(
            "slo:period_error_budget_remaining:ratio{sloth_service=\""
                + name
                + "\",sloth_slo=\"latency-p99\"}");
  }

  @Test
  void theMonitoringGoesWithTheEnvironment() {
    String id =
        developer()
            .ready(
                "{\"template\": \"webapp-postgresql\", \"name\": \"slo-gone\", \"parameters\": {\"NAME\": \"gone\"}}");
    var kube = cluster.client();
    assertThat(
            kube.resources(io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class)
                .inNamespace("env-slo-gone")
                .list()
                .getItems())
        .hasSize(1);
    assertThat(developer().delete("/api/v1/environments/" + id).status()).isEqualTo(202);
    developer().awaitStatus(id, "DELETED");
    assertThat(
            kube.resources(io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class)
                .inNamespace("env-slo-gone")
                .list()
                .getItems())
        .isEmpty();
    assertThat(kube.resources(ServiceMonitor.class).inNamespace("env-slo-gone").list().getItems())
        .isEmpty();
    assertThat(kube.configMaps().inNamespace("env-slo-gone").withName("slipway-dashboard").get())
        .isNull();
  }

  @Test
  void aTemplateWithoutObjectivesGetsTheDefaults() {
    Api sre = sre();
    assertThat(
            sre.post(
                    "/api/v1/templates?publish=true",
                    """
                    apiVersion: template.openshift.io/v1
                    kind: Template
                    metadata: {name: no-slo}
                    objects:
                      - {apiVersion: v1, kind: ConfigMap, metadata: {name: plain}, data: {a: b}}
                    """)
                .status())
        .isEqualTo(201);
    String id = developer().ready("{\"template\": \"no-slo\", \"name\": \"slo-defaults\"}");
    List<String> described = new ArrayList<>();
    developer()
        .get("/api/v1/services/" + id + "/slos")
        .json()
        .path("objectives")
        .forEach(
            o ->
                described.add(
                    o.path("updatedBy").asString() + ": " + o.path("description").asString()));
    assertThat(described)
        .containsExactly(
            "defaults: 99.9 % available over 30d",
            "defaults: 50 % of requests under 300 ms over 30d");
    // No Service, so nothing to scrape; the dashboard is there.
    assertThat(
            cluster
                .client()
                .resources(ServiceMonitor.class)
                .inNamespace("env-slo-defaults")
                .list()
                .getItems())
        .isEmpty();
  }

  @Test
  void onlySresChangeObjectivesAndEachFieldIsChecked() {
    String id = developer().ready("{\"template\": \"redis\", \"name\": \"slo-cache\"}");
    String name =
        developer()
            .get("/api/v1/services/" + id + "/slos")
            .json()
            .path("objectives")
            .get(0)
            .path("name")
            .asString();
    String path = "/api/v1/services/" + id + "/slos/" + name;

    assertThat(developer().put(path, "{\"objective\": 99.5}").status()).isEqualTo(403);

    Api.Response invalid =
        sre().put(path, "{\"objective\": 101, \"window\": \"7d\", \"threshold\": \"fast\"}");
    assertThat(invalid.status()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    invalid.json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
    assertThat(fields).contains("objective", "window");

    Api.Response changed = sre().put(path, "{\"objective\": 99.5, \"window\": \"28d\"}");
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json().path("objective").asDouble()).isEqualTo(99.5);
    assertThat(changed.json().path("window").asString()).isEqualTo("28d");
    assertThat(changed.json().path("updatedBy").asString()).isEqualTo("sre");
    // The ledger files the change under the environment, its template and team (the event says).
    JsonNode row =
        Api.basic(port, "auditor", "auditor")
            .get("/api/v1/audit?type=ObjectiveChanged&environment=" + id)
            .json()
            .path("events")
            .get(0);
    assertThat(row.path("template").asString()).isEqualTo("redis");
    assertThat(row.path("team").asString()).isEqualTo("team-payments");
    // The rules in the cluster follow at once (a task stored with the change, run after it).
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              var rule =
                  cluster
                      .client()
                      .resources(io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class)
                      .inNamespace("env-slo-cache")
                      .withName("slipway-slos")
                      .get();
              assertThat(rule.getSpec().getGroups())
                  .flatExtracting(g -> g.getRules())
                  .filteredOn(r -> "slo:objective:ratio".equals(r.getRecord()))
                  .extracting(r -> r.getExpr().getStrVal())
                  .containsExactly("vector(0.995)");
            });

    assertThat(developer().put("/api/v1/services/" + id + "/slos/nope", "{}").status())
        .isEqualTo(403);
    assertThat(sre().put("/api/v1/services/" + id + "/slos/nope", "{}").status()).isEqualTo(404);
    assertThat(developer().get("/api/v1/services/not-an-id/slos").status()).isEqualTo(404);
  }

  @Test
  void developersSeeOnlyTheirOwnServices() {
    String id = sre().ready("{\"template\": \"redis\", \"name\": \"slo-sres-own\"}");
    assertThat(developer().get("/api/v1/services/" + id + "/slos").status()).isEqualTo(404);
    assertThat(sre().get("/api/v1/services/" + id + "/slos").status()).isEqualTo(200);
    assertThat(
            Api.basic(port, "auditor", "auditor").get("/api/v1/services/" + id + "/slos").status())
        .isEqualTo(200);
  }

  @Test
  void aParameterThatMakesAnObjectiveUnfitIsRefusedBeforeAnythingIsStored() {
    Api.Response refused =
        developer()
            .post(
                "/api/v1/environments",
                """
                {"template": "webapp-postgresql", "name": "slo-unfit",
                 "parameters": {"NAME": "unfit", "LATENCY_BOUND": "fast"}}""");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body())
        .contains("threshold: 'fast' is not a duration such as 300ms, 1s or 5m");
    assertThat(developer().get("/api/v1/environments").body()).doesNotContain("slo-unfit");
  }

  @Test
  void theFleetsBudgetsAreForSresAndAuditors() {
    assertThat(developer().get("/api/v1/budgets").status()).isEqualTo(403);
    Api.Response fleet = sre().get("/api/v1/budgets");
    assertThat(fleet.status()).isEqualTo(200);
    assertThat(fleet.json().path("queries").asInt()).isEqualTo(3);
    assertThat(Api.basic(port, "auditor", "auditor").get("/api/v1/budgets").status())
        .isEqualTo(200);
  }
}
