package dev.slipway.helm;

import static dev.slipway.helm.RenderedChart.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values the chart refuses, or features it leaves out, and what it says. */
class RefusedValuesTest {

  @TempDir Path temp;

  @Test
  void refusesSeveralReplicasWithoutASharedGeneratorKey() {
    assertThatThrownBy(() -> RenderedChart.render(t -> t))
        .hasMessageContaining("generatorKey.existingSecret is required with more than one replica")
        .hasMessageContaining("openssl rand -base64 32");
  }

  @Test
  void refusesAutoscalingWithoutASharedGeneratorKey() {
    assertThatThrownBy(
            () ->
                RenderedChart.render(
                    t -> t.set("replicaCount", 1).set("autoscaling.enabled", true)))
        .hasMessageContaining("generatorKey.existingSecret is required");
  }

  @Test
  void runsOneReplicaWithoutGeneratorKeyOrDisruptionBudget() {
    RenderedChart chart = RenderedChart.render(t -> t.set("replicaCount", 1));

    assertThat(at(chart.one("Deployment"), "spec", "replicas")).isEqualTo(1);
    // minAvailable 1 of 1 pod would block every node drain
    assertThat(chart.kinds()).doesNotContain("PodDisruptionBudget");
    assertThat(chart.env()).doesNotContainKey("SLIPWAY_PROVISIONING_GENERATORKEY");
  }

  @Test
  void passesTheCheckpointKeyOnlyByReference() {
    RenderedChart chart =
        RenderedChart.render(
            t ->
                t.set("replicaCount", 1)
                    .set("checkpointKey.existingSecret", "slipway-audit-checkpoint-key"));

    assertThat(at(chart.env().get("SLIPWAY_AUDIT_CHECKPOINTKEY"), "valueFrom", "secretKeyRef"))
        .isEqualTo(
            java.util.Map.of("name", "slipway-audit-checkpoint-key", "key", "checkpoint-key"));
    NoInlinedSecrets.assertNoneIn(chart);

    RenderedChart without = RenderedChart.render(t -> t.set("replicaCount", 1));
    assertThat(without.env()).doesNotContainKey("SLIPWAY_AUDIT_CHECKPOINTKEY");
  }

  @Test
  void refusesAnOwnerWithoutThePortalsOwnRole() {
    assertThatThrownBy(
            () ->
                RenderedChart.render(
                    t -> t.set("replicaCount", 1).set("migrations.existingSecret", "owner")))
        .hasMessageContaining("migrations.existingSecret needs database.existingSecret");
  }

  @Test
  void schemaRefusesACheckpointKeyGivenAsAValue() {
    assertThatThrownBy(
            () ->
                RenderedChart.render(
                    t ->
                        t.set("replicaCount", 1)
                            .set("checkpointKey.value", "a2V5LW9mLXRoaXJ0eS10d28tYnl0ZXM=")))
        .hasMessageContaining("checkpointKey")
        .hasMessageContaining("value");
  }

  @Test
  void grantsNoImpersonationWhenItIsOff() {
    RenderedChart chart = RenderedChart.render(t -> t.set("replicaCount", 1));

    assertThat(Rbac.verbsByResource(chart.one("ClusterRole")))
        .doesNotContainKeys("users", "groups", "grafana.integreatly.org/grafanadashboards")
        .allSatisfy((resource, verbs) -> assertThat(verbs).doesNotContain("impersonate"));
    assertThat(chart.kinds()).doesNotContain("NetworkPolicy", "HorizontalPodAutoscaler");
  }

  @Test
  void leavesOutTheObjectsThatAreSwitchedOff() {
    RenderedChart chart =
        RenderedChart.render(
            t ->
                t.set("replicaCount", 1)
                    .set("route.enabled", false)
                    .set("rbac.create", false)
                    .set("serviceAccount.create", false)
                    .set("serviceMonitor.enabled", false)
                    .set("prometheusRule.enabled", false));

    assertThat(chart.kinds()).containsExactlyInAnyOrder("ConfigMap", "Service", "Deployment");
  }

  @Test
  void schemaRefusesAReplicaCountThatIsNotANumber() throws IOException {
    Path values = values("replicaCount: \"two\"\n");

    assertThatThrownBy(() -> RenderedChart.render(t -> t.withValuesFile(values)))
        .hasMessageContaining("/replicaCount")
        .hasMessageContaining("integer");
  }

  @Test
  void schemaRefusesAnUnknownDashboardForm() {
    assertThatThrownBy(
            () ->
                RenderedChart.render(t -> t.set("replicaCount", 1).set("slo.dashboard", "grafana")))
        .hasMessageContaining("/slo/dashboard")
        .hasMessageContaining("grafana-operator");
  }

  @Test
  void schemaRefusesAMisspelledValue() {
    assertThatThrownBy(() -> RenderedChart.render(t -> t.set("replicas", 1)))
        .hasMessageContaining("replicas");
  }

  @Test
  void refusesRouteAnnotationsThatDisableStickySessions() throws IOException {
    Path values =
        values(
            """
            replicaCount: 1
            route:
              annotations:
                haproxy.router.openshift.io/disable_cookies: "true"
            """);

    assertThatThrownBy(() -> RenderedChart.render(t -> t.withValuesFile(values)))
        .hasMessageContaining("must not set haproxy.router.openshift.io/disable_cookies");
  }

  @Test
  void refusesAWebhookUrlGivenTwice() {
    assertThatThrownBy(
            () ->
                RenderedChart.render(
                    t ->
                        t.set("replicaCount", 1)
                            .set("releaseGate.webhookUrl", "https://hooks.example.com/x")
                            .set("releaseGate.existingSecret", "slipway-webhook")))
        .hasMessageContaining("either releaseGate.webhookUrl or releaseGate.existingSecret");
  }

  private Path values(String yaml) throws IOException {
    return Files.writeString(Files.createTempFile(temp, "values", ".yaml"), yaml);
  }
}
