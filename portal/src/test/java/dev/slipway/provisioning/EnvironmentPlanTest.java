package dev.slipway.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.catalog.RenderedTemplate;
import dev.slipway.catalog.TemplatePolicy;
import dev.slipway.provisioning.EnvironmentPlan.Applier;
import dev.slipway.provisioning.EnvironmentPlan.PlannedObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What an attempt will make, decided without a cluster: order, labels, and who applies what. */
class EnvironmentPlanTest {

  static final UUID ID = UUID.fromString("6f1c1b9e-4a57-4c5e-9a53-2f0d3c8f1a01");
  static final String GENERATED = "x7Gq2LmP9sTz";

  static final Environment ENVIRONMENT =
      new Environment(
          ID,
          "shop",
          "env-shop",
          "postgresql",
          4,
          EnvironmentStatus.REQUESTED,
          "",
          "u-1",
          "dev",
          List.of("team-payments"),
          "team-payments",
          Map.of(),
          Instant.EPOCH,
          Instant.EPOCH,
          Instant.EPOCH,
          List.of());

  static Map<String, Object> object(String kind, String name, Map<String, String> labels) {
    return Map.of(
        "apiVersion",
        "v1",
        "kind",
        kind,
        "metadata",
        labels.isEmpty() ? Map.of("name", name) : Map.of("name", name, "labels", labels));
  }

  static final RenderedTemplate RENDERED =
      new RenderedTemplate(
          "postgresql",
          4,
          List.of(
              object("Secret", "creds-" + GENERATED, Map.of("app", "shop")),
              object("Service", "db", Map.of("token", GENERATED))),
          List.of(Set.of(), Set.of()),
          Set.of(GENERATED),
          List.of());

  static final TemplatePolicy GUARDED =
      new TemplatePolicy(
          null,
          null,
          List.of(),
          List.of(),
          false,
          Map.of("pods", "10"),
          Map.of("cpu", "500m"),
          Map.of());

  @Test
  void theNamespacesGuardsAndTheMonitoringComeFirstAndThePortalAppliesThem() {
    EnvironmentPlan plan =
        EnvironmentPlan.of(
            ENVIRONMENT,
            GUARDED,
            List.of(object("ConfigMap", "shop-dashboard", Map.of())),
            RENDERED);

    assertThat(plan.namespace()).isEqualTo("env-shop");
    assertThat(plan.objects())
        .extracting(o -> o.recorded().kind(), PlannedObject::by)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ResourceQuota", Applier.PORTAL),
            org.assertj.core.groups.Tuple.tuple("LimitRange", Applier.PORTAL),
            org.assertj.core.groups.Tuple.tuple("ConfigMap", Applier.PORTAL),
            org.assertj.core.groups.Tuple.tuple("Secret", Applier.REQUESTER),
            org.assertj.core.groups.Tuple.tuple("Service", Applier.REQUESTER));
    assertThat(plan.objects().get(3).manifest()).isSameAs(RENDERED.objects().get(0));
  }

  @Test
  void anOpenPolicyGuardsNothing() {
    EnvironmentPlan plan =
        EnvironmentPlan.of(ENVIRONMENT, TemplatePolicy.open(), List.of(), RENDERED);
    assertThat(plan.objects()).extracting(PlannedObject::by).containsOnly(Applier.REQUESTER);
  }

  @Test
  void everyObjectIsRecordedPendingWithItsLabelsAndTheOwnershipLabels() {
    EnvironmentPlan plan =
        EnvironmentPlan.of(ENVIRONMENT, TemplatePolicy.open(), List.of(), RENDERED);
    Map<String, String> ownership =
        Map.of(
            "app.kubernetes.io/managed-by", "slipway",
            "slipway.dev/environment", ID.toString(),
            "slipway.dev/template", "postgresql",
            "slipway.dev/template-version", "4");
    assertThat(plan.ownership()).containsExactlyInAnyOrderEntriesOf(ownership);
    EnvironmentObject secret = plan.records().get(0);
    assertThat(secret.status()).isEqualTo(ObjectStatus.PENDING);
    assertThat(secret.labels()).containsEntry("app", "shop").containsAllEntriesOf(ownership);
  }

  @Test
  void aGeneratedValueInANameOrLabelIsRecordedMaskedButSentAsItIs() {
    EnvironmentPlan plan =
        EnvironmentPlan.of(ENVIRONMENT, TemplatePolicy.open(), List.of(), RENDERED);
    assertThat(plan.records().get(0).name()).isEqualTo("creds-" + RenderedTemplate.MASK);
    assertThat(plan.records().get(1).labels()).containsEntry("token", RenderedTemplate.MASK);
    assertThat(plan.records().toString()).doesNotContain(GENERATED);
    assertThat(plan.objects().get(0).manifest().toString()).contains(GENERATED);
    assertThat(plan.redact("Secret creds-" + GENERATED + " refused"))
        .isEqualTo("Secret creds-" + RenderedTemplate.MASK + " refused");
  }

  @Test
  void theRequesterActsForTheEnvironment() {
    assertThat(EnvironmentPlan.requester(ENVIRONMENT).user()).isEqualTo("dev");
    assertThat(EnvironmentPlan.requester(ENVIRONMENT).groups()).containsExactly("team-payments");
  }
}
