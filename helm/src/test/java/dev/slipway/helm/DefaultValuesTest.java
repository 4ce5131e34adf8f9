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

/** The chart's defaults, with the one value they need: the generator key's Secret. */
class DefaultValuesTest {

  static final Map<String, String> SELECTOR =
      Map.of("app.kubernetes.io/name", "slipway", "app.kubernetes.io/instance", "slipway");

  static RenderedChart chart;

  @BeforeAll
  static void render() {
    chart = RenderedChart.withDefaults();
  }

  @Test
  void rendersThePortalsObjectsAndNoOptionalOnes() {
    assertThat(chart.kinds())
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ConfigMap",
            "ClusterRole",
            "ClusterRoleBinding",
            "Service",
            "Deployment",
            "Route",
            "PodDisruptionBudget",
            "ServiceMonitor",
            "PrometheusRule");
    assertThat(chart.kinds()).doesNotContain("NetworkPolicy", "HorizontalPodAutoscaler");
  }

  @Test
  void labelsEveryObjectWithTheStandardLabels() {
    for (Map<String, Object> object : chart.objects()) {
      assertThat(map(at(object, "metadata", "labels")))
          .as("labels of %s", object.get("kind"))
          .containsAllEntriesOf(SELECTOR)
          .containsEntry("app.kubernetes.io/managed-by", "Helm")
          .containsEntry("app.kubernetes.io/version", "0.1.0")
          .containsKey("helm.sh/chart");
      assertThat(String.valueOf(at(object, "metadata", "name"))).startsWith("slipway");
    }
  }

  @Test
  void selectsPodsByNameAndInstanceOnly() {
    Map<String, Object> deployment = chart.one("Deployment");
    assertThat(map(at(deployment, "spec", "selector", "matchLabels"))).isEqualTo(SELECTOR);
    assertThat(map(at(deployment, "spec", "template", "metadata", "labels")))
        .containsAllEntriesOf(SELECTOR);
    assertThat(map(at(chart.one("Service"), "spec", "selector"))).isEqualTo(SELECTOR);
    assertThat(map(at(chart.one("PodDisruptionBudget"), "spec", "selector", "matchLabels")))
        .isEqualTo(SELECTOR);
    assertThat(map(at(chart.one("ServiceMonitor"), "spec", "selector", "matchLabels")))
        .isEqualTo(SELECTOR);
  }

  @Test
  void runsTwoReplicasKeptAvailableByADisruptionBudget() {
    assertThat(at(chart.one("Deployment"), "spec", "replicas")).isEqualTo(2);
    assertThat(at(chart.one("PodDisruptionBudget"), "spec", "minAvailable")).isEqualTo(1);
  }

  @Test
  void runsUnderTheRestrictedSccWithoutAFixedUid() {
    Map<String, Object> pod = map(at(chart.one("Deployment"), "spec", "template", "spec"));
    Map<String, Object> podContext = map(pod.get("securityContext"));
    assertThat(podContext).containsEntry("runAsNonRoot", true);
    assertThat(at(podContext, "seccompProfile", "type")).isEqualTo("RuntimeDefault");

    Map<String, Object> context = map(chart.container().get("securityContext"));
    assertThat(context)
        .containsEntry("allowPrivilegeEscalation", false)
        .containsEntry("runAsNonRoot", true)
        .doesNotContainKey("privileged");
    assertThat(list(at(context, "capabilities", "drop"))).containsExactly("ALL");
    assertThat(at(context, "capabilities", "add")).isNull();
    assertThat(at(context, "seccompProfile", "type")).isEqualTo("RuntimeDefault");
    for (Map<String, Object> c : List.of(podContext, context)) {
      assertThat(c).doesNotContainKeys("runAsUser", "runAsGroup", "fsGroup", "supplementalGroups");
    }
  }

  @Test
  void probesTheActuatorHealthGroupsOnTheManagementPort() {
    Map<String, Object> container = chart.container();
    assertThat(list(container.get("ports")))
        .containsExactly(
            Map.of("name", "http", "containerPort", 8080, "protocol", "TCP"),
            Map.of("name", "management", "containerPort", 9090, "protocol", "TCP"));

    assertThat(at(container, "startupProbe", "httpGet"))
        .isEqualTo(Map.of("path", "/actuator/health/liveness", "port", "management"));
    assertThat(at(container, "livenessProbe", "httpGet"))
        .isEqualTo(Map.of("path", "/actuator/health/liveness", "port", "management"));
    assertThat(at(container, "readinessProbe", "httpGet"))
        .isEqualTo(Map.of("path", "/actuator/health/readiness", "port", "management"));
    // Liquibase and Vaadin take 30-60 s on a small node: the startup probe waits at least 2 min.
    int startupSeconds =
        (Integer) at(container, "startupProbe", "periodSeconds")
            * (Integer) at(container, "startupProbe", "failureThreshold");
    assertThat(startupSeconds).isGreaterThanOrEqualTo(120);
    assertThat(map(container.get("resources"))).containsKeys("requests", "limits");
  }

  @Test
  void exposesTheUiThroughAnEdgeRouteWithStickySessions() {
    Map<String, Object> route = chart.one("Route");
    Map<String, Object> annotations = map(at(route, "metadata", "annotations"));
    assertThat(annotations)
        .containsEntry("router.openshift.io/cookie_name", "slipway-route")
        .doesNotContainKey("haproxy.router.openshift.io/disable_cookies");
    assertThat(at(route, "spec", "to"))
        .isEqualTo(Map.of("kind", "Service", "name", "slipway", "weight", 100));
    assertThat(at(route, "spec", "port", "targetPort")).isEqualTo("http");
    assertThat(at(route, "spec", "tls"))
        .isEqualTo(Map.of("termination", "edge", "insecureEdgeTerminationPolicy", "Redirect"));

    assertThat(list(at(chart.one("Service"), "spec", "ports")))
        .extracting(p -> map(p).get("name") + "->" + map(p).get("targetPort"))
        .containsExactly("http->http", "management->management");
  }

  @Test
  void scrapesThePortalOnTheManagementPort() {
    assertThat(list(at(chart.one("ServiceMonitor"), "spec", "endpoints")))
        .containsExactly(
            Map.of("port", "management", "path", "/actuator/prometheus", "interval", "30s"));
  }

  @Test
  void grantsTheServiceAccountExactlyWhatThePortalCreates() {
    Map<String, Set<String>> verbs = Rbac.verbsByResource(chart.one("ClusterRole"));
    Set<String> apply =
        Set.of("get", "list", "create", "patch", "update", "delete", "deletecollection");

    // The template kinds are AllowedKindsTest's business; here, the portal's own.
    assertThat(verbs)
        .containsEntry("namespaces", Set.of("get", "create", "delete"))
        .containsEntry("resourcequotas", apply)
        .containsEntry("limitranges", apply)
        .containsEntry("route.openshift.io/routes/custom-host", Set.of("create", "update"))
        .containsEntry("monitoring.coreos.com/prometheusrules", apply)
        .containsEntry("monitoring.coreos.com/servicemonitors", apply);
    assertThat(verbs.keySet())
        .noneMatch(r -> r.startsWith("rbac.authorization.k8s.io/"))
        .noneMatch(r -> r.startsWith("apiextensions.k8s.io/"));
  }

  @Test
  void bindsTheClusterRoleToThePortalsServiceAccount() {
    Map<String, Object> binding = chart.one("ClusterRoleBinding");
    String role = String.valueOf(at(chart.one("ClusterRole"), "metadata", "name"));
    assertThat(role).isEqualTo("slipway-system-slipway");
    assertThat(at(binding, "roleRef", "name")).isEqualTo(role);
    assertThat(list(binding.get("subjects")))
        .containsExactly(
            Map.of(
                "kind", "ServiceAccount",
                "name", "slipway",
                "namespace", RenderedChart.NAMESPACE));
    assertThat(at(chart.one("Deployment"), "spec", "template", "spec", "serviceAccountName"))
        .isEqualTo("slipway");
  }

  @Test
  void configuresThePortalFromTheMountedConfigMap() {
    Map<String, Object> config = chart.applicationConfig();
    assertThat(at(config, "management", "server", "port")).isEqualTo(9090);
    assertThat(String.valueOf(at(config, "management", "endpoints", "web", "exposure", "include")))
        .contains("health", "prometheus");
    assertThat(at(config, "slipway", "cluster", "impersonation", "enabled")).isEqualTo(false);
    assertThat(at(config, "slipway", "security", "team-group-prefix")).isEqualTo("team-");
    assertThat(at(config, "slipway", "security", "role-groups", "sre"))
        .isEqualTo(List.of("slipway-sres"));
    assertThat(at(config, "slipway", "slo", "dashboard")).isEqualTo("configmap");
    assertThat(config).doesNotContainKeys("spring", "logging");

    assertThat(chart.env().get("SPRING_CONFIG_ADDITIONAL_LOCATION"))
        .containsEntry("value", "optional:file:/config/");
    Map<String, Object> pod = map(at(chart.one("Deployment"), "spec", "template", "spec"));
    assertThat(list(pod.get("volumes")))
        .contains(Map.of("name", "config", "configMap", Map.of("name", "slipway")));
    assertThat(list(chart.container().get("volumeMounts")))
        .contains(Map.of("name", "config", "mountPath", "/config", "readOnly", true));
    assertThat(map(at(chart.one("Deployment"), "spec", "template", "metadata", "annotations")))
        .containsKey("checksum/config");
  }

  @Test
  void inlinesNoSecretAndPassesOnlyTheGeneratorKeyItWasGiven() {
    NoInlinedSecrets.assertNoneIn(chart);
    assertThat(chart.env())
        .containsOnlyKeys(
            "SPRING_CONFIG_ADDITIONAL_LOCATION",
            "JAVA_TOOL_OPTIONS",
            "SLIPWAY_PROVISIONING_GENERATORKEY");
    assertThat(
            at(chart.env().get("SLIPWAY_PROVISIONING_GENERATORKEY"), "valueFrom", "secretKeyRef"))
        .isEqualTo(Map.of("name", RenderedChart.GENERATOR_KEY_SECRET, "key", "generator-key"));
  }
}
