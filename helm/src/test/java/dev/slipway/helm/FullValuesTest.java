package dev.slipway.helm;

import static dev.slipway.helm.RenderedChart.at;
import static dev.slipway.helm.RenderedChart.list;
import static dev.slipway.helm.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every optional feature on: src/test/resources/values/full.yaml. */
class FullValuesTest {

  static RenderedChart chart;

  @BeforeAll
  static void render() {
    chart = RenderedChart.withFullValues();
  }

  @Test
  void rendersTheOptionalObjects() {
    assertThat(chart.kinds())
        .contains("NetworkPolicy", "HorizontalPodAutoscaler", "PodDisruptionBudget")
        .doesNotContain("Secret");
  }

  @Test
  void letsTheAutoscalerOwnTheReplicaCount() {
    Map<String, Object> deployment = chart.one("Deployment");
    assertThat(map(deployment.get("spec"))).doesNotContainKey("replicas");
    Map<String, Object> hpa = chart.one("HorizontalPodAutoscaler");
    assertThat(at(hpa, "spec", "scaleTargetRef"))
        .isEqualTo(Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "slipway"));
    assertThat(at(hpa, "spec", "minReplicas")).isEqualTo(3);
    assertThat(at(hpa, "spec", "maxReplicas")).isEqualTo(6);
    assertThat(at(chart.one("PodDisruptionBudget"), "spec", "minAvailable")).isEqualTo(2);
  }

  @Test
  void grantsImpersonationGrafanaDashboardsAndTheExtraRules() {
    Map<String, Set<String>> verbs = Rbac.verbsByResource(chart.one("ClusterRole"));
    assertThat(verbs)
        .containsEntry("users", Set.of("impersonate"))
        .containsEntry("groups", Set.of("impersonate"))
        .containsEntry(
            "grafana.integreatly.org/grafanadashboards",
            Set.of("get", "list", "create", "patch", "update", "delete", "deletecollection"))
        .containsEntry(
            "apps/statefulsets",
            Set.of("get", "list", "create", "patch", "update", "delete", "deletecollection"));
    assertThat(verbs.values()).noneMatch(v -> v.contains("*"));
  }

  @Test
  void referencesEverySecretByNameAndKey() {
    Map<String, Map<String, Object>> env = chart.env();
    Map<String, Map<String, String>> expected =
        Map.of(
            "SPRING_DATASOURCE_USERNAME", Map.of("name", "slipway-db-app", "key", "user"),
            "SPRING_DATASOURCE_PASSWORD", Map.of("name", "slipway-db-app", "key", "pass"),
            "SLIPWAY_SECURITY_OIDC_CLIENTSECRET", Map.of("name", "slipway-oidc", "key", "secret"),
            "SLIPWAY_PROVISIONING_GENERATORKEY",
                Map.of("name", "slipway-generator-key", "key", "key"),
            "SLIPWAY_AUDIT_CHECKPOINTKEY",
                Map.of("name", "slipway-audit-checkpoint-key", "key", "ckey"),
            "SLIPWAY_PROMETHEUS_BEARERTOKEN", Map.of("name", "slipway-prometheus", "key", "bearer"),
            "SLIPWAY_RELEASEGATE_WEBHOOK_URL", Map.of("name", "slipway-webhook", "key", "url"));
    expected.forEach(
        (name, ref) ->
            assertThat(at(env.get(name), "valueFrom", "secretKeyRef")).as(name).isEqualTo(ref));
    assertThat(env.get("TZ")).containsEntry("value", "UTC");
    // The owner's Secret reaches only the migration Job (MigrationsJobTest).
    assertThat(env.values())
        .noneMatch(v -> "slipway-db-owner".equals(at(v, "valueFrom", "secretKeyRef", "name")));
    assertThat(env.get("SPRING_LIQUIBASE_ENABLED")).containsEntry("value", "false");
    NoInlinedSecrets.assertNoneIn(chart);
  }

  @Test
  void writesTheSettingsIntoApplicationYamlWithExtraConfigOnTop() {
    Map<String, Object> config = chart.applicationConfig();
    assertThat(at(config, "spring", "datasource", "url"))
        .isEqualTo("jdbc:postgresql://slipway-db-rw:5432/slipway");
    assertThat(map(at(config, "slipway", "security", "oidc")))
        .isEqualTo(
            Map.of(
                "issuer-uri", "https://sso.example.com/realms/platform",
                "client-id", "slipway",
                "audience", "slipway-api"));
    assertThat(at(config, "slipway", "security", "role-groups", "developer"))
        .isEqualTo(List.of("devs", "platform-devs"));
    assertThat(at(config, "slipway", "security", "pipelines", "payments-ci", "team"))
        .isEqualTo("squad-payments");
    assertThat(map(at(config, "slipway", "cluster", "impersonation")))
        .isEqualTo(Map.of("enabled", true, "user-prefix", "oidc:", "group-prefix", "oidc:"));
    assertThat(at(config, "slipway", "prometheus", "url"))
        .isEqualTo("https://thanos-querier.openshift-monitoring.svc:9091");
    assertThat(at(config, "slipway", "slo", "dashboard")).isEqualTo("grafana-operator");
    assertThat(at(config, "logging", "structured", "format", "console")).isEqualTo("ecs");
    // the webhook URL comes from its Secret, so the file does not name one
    assertThat(at(config, "slipway", "release-gate")).isNull();
    // extraConfig adds settings and wins over the chart's own
    assertThat(at(config, "slipway", "provisioning", "default-ttl")).isEqualTo("P1D");
    assertThat(at(config, "slipway", "security", "team-group-prefix")).isEqualTo("crew-");
    assertThat(at(config, "management", "server", "port")).isEqualTo(9090);
  }

  @Test
  void letsInOnlyTheRouterMonitoringAndTheExtraRule() {
    Map<String, Object> policy = chart.one("NetworkPolicy");
    assertThat(at(policy, "spec", "podSelector", "matchLabels"))
        .isEqualTo(DefaultValuesTest.SELECTOR);
    assertThat(list(at(policy, "spec", "policyTypes"))).containsExactly("Ingress");
    List<Object> ingress = list(at(policy, "spec", "ingress"));
    assertThat(ingress).hasSize(3);
    assertThat(at(ingress.get(0), "from", 0, "namespaceSelector", "matchLabels"))
        .isEqualTo(Map.of("policy-group.network.openshift.io/ingress", ""));
    assertThat(at(ingress.get(0), "ports", 0, "port")).isEqualTo("http");
    assertThat(at(ingress.get(1), "from", 0, "namespaceSelector", "matchLabels"))
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "openshift-user-workload-monitoring"));
    assertThat(at(ingress.get(1), "ports", 0, "port")).isEqualTo("management");
    assertThat(at(ingress.get(2), "from", 0, "podSelector", "matchLabels"))
        .isEqualTo(Map.of("app", "health-checker"));
  }

  @Test
  void keepsStickySessionsWithTheChosenCookieAndHost() {
    Map<String, Object> route = chart.one("Route");
    assertThat(map(at(route, "metadata", "annotations")))
        .containsEntry("router.openshift.io/cookie_name", "slipway_sticky")
        .containsEntry("haproxy.router.openshift.io/timeout", "60s")
        .doesNotContainKey("haproxy.router.openshift.io/disable_cookies");
    assertThat(at(route, "spec", "host")).isEqualTo("slipway.apps.example.com");
  }

  @Test
  void appliesImageSchedulingAndMonitoringSettings() {
    Map<String, Object> pod = map(at(chart.one("Deployment"), "spec", "template", "spec"));
    assertThat(chart.container().get("image"))
        .isEqualTo("registry.example.com/slipway/portal:1.2.3");
    assertThat(list(pod.get("imagePullSecrets")))
        .containsExactly(Map.of("name", "registry-example"));
    assertThat(map(pod.get("nodeSelector"))).containsKey("node-role.kubernetes.io/infra");
    assertThat(list(pod.get("tolerations"))).hasSize(1);
    assertThat(map(at(chart.one("ServiceMonitor"), "metadata", "labels")))
        .containsEntry("prometheus", "platform");
    assertThat(at(chart.one("ServiceMonitor"), "spec", "endpoints", 0, "interval"))
        .isEqualTo("15s");
    assertThat(map(at(chart.one("PrometheusRule"), "metadata", "labels")))
        .containsEntry("prometheus", "platform");
    assertThat(map(at(chart.one("ServiceAccount"), "metadata", "annotations")))
        .containsEntry("example.com/owner", "platform");
  }
}
