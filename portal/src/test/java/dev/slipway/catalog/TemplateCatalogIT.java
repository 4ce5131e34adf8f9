package dev.slipway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.PortalTest;
import dev.slipway.catalog.CatalogEvents.TemplateImported;
import dev.slipway.catalog.CatalogEvents.TemplatePolicyChanged;
import dev.slipway.catalog.CatalogEvents.TemplateStatusChanged;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The baseline rules and the events every curation step publishes for the audit ledger. */
@PortalTest
@RecordApplicationEvents
@WithMockUser(username = "sre", roles = "SRE")
class TemplateCatalogIT {

  @Autowired TemplateCatalog catalog;
  @Autowired ApplicationEvents events;

  static JsonNode curated(String name, String image) {
    return new YAMLMapper()
        .readTree(
            """
            apiVersion: template.openshift.io/v1
            kind: Template
            metadata: { name: %s }
            objects:
              - { apiVersion: v1, kind: ConfigMap, metadata: { name: c }, data: { image: %s } }
            """
                .formatted(name, image));
  }

  @Autowired dev.slipway.catalog.internal.TemplateStore store;
  @Autowired org.springframework.transaction.support.TransactionTemplate transactions;
  @Autowired java.time.Clock clock;

  @Test
  void aRefusedObjectIsNamedWithoutTheGeneratedValueInItsName() {
    // Stored directly, as a version imported before kinds were confined.
    JsonNode source =
        new YAMLMapper()
            .readTree(
                """
                apiVersion: template.openshift.io/v1
                kind: Template
                metadata: { name: leaky-name }
                parameters:
                  - { name: GENERATED, generate: expression, from: "[a-z]{12}" }
                objects:
                  - apiVersion: rbac.authorization.k8s.io/v1
                    kind: ClusterRole
                    metadata: { name: "x-${GENERATED}" }
                    rules: []
                """);
    transactions.executeWithoutResult(
        tx ->
            store.add(
                "leaky-name", source, "import", TemplateStatus.PUBLISHED, "sre", clock.instant()));

    var refused =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            dev.slipway.shared.InvalidRequestException.class,
            () -> catalog.render("leaky-name", Map.of()));

    String message = refused.problems().getFirst().message();
    assertThat(message).contains("/objects/0/kind", "ClusterRole x-" + RenderedTemplate.MASK);
    assertThat(message).doesNotContainPattern("x-[a-z]{12}");
    assertThat(refused.getMessage()).doesNotContainPattern("x-[a-z]{12}");
  }

  @Test
  void theBaselineIsStoredOnceAndAChangedOneBecomesTheNewPublishedVersion() {
    catalog.loadBaseline(List.of(curated("baseline-probe", "a:1")));
    catalog.loadBaseline(List.of(curated("baseline-probe", "a:1")));
    assertThat(catalog.versions("baseline-probe")).hasSize(1);

    catalog.loadBaseline(List.of(curated("baseline-probe", "a:2")));

    List<TemplateVersion> versions = catalog.versions("baseline-probe");
    assertThat(versions).extracting(TemplateVersion::version).containsExactly(2, 1);
    assertThat(versions)
        .extracting(TemplateVersion::status)
        .containsExactly(TemplateStatus.PUBLISHED, TemplateStatus.DEPRECATED);
    assertThat(versions).extracting(TemplateVersion::origin).containsOnly("baseline");
    assertThat(catalog.find("baseline-probe").orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void theBaselineNeverClobbersATemplateSresHaveTakenOver() {
    catalog.loadBaseline(List.of(curated("taken-over", "a:1")));
    String sreVersion =
        """
        apiVersion: template.openshift.io/v1
        kind: Template
        metadata: { name: taken-over }
        objects:
          - { apiVersion: v1, kind: ConfigMap, metadata: { name: c }, data: { image: "sre:1" } }
        """;
    catalog.importDocument(sreVersion, true);

    catalog.loadBaseline(List.of(curated("taken-over", "a:2")));

    assertThat(catalog.versions("taken-over"))
        .extracting(TemplateVersion::version)
        .containsExactly(2, 1);
    assertThat(catalog.versions("taken-over").getFirst().origin()).isEqualTo("import");
  }

  @Test
  void everyImportStatusChangeAndPolicyEditIsAnEvent() {
    String document =
        """
        apiVersion: template.openshift.io/v1
        kind: Template
        metadata: { name: audited-template }
        objects:
          - { apiVersion: v1, kind: ConfigMap, metadata: { name: c } }
        """;
    catalog.importDocument(document, false);
    catalog.changeStatus("audited-template", 1, TemplateStatus.PUBLISHED);
    catalog.updatePolicy(
        "audited-template",
        new TemplatePolicy(
            Duration.ofDays(1),
            Duration.ofDays(2),
            List.of(),
            List.of(),
            true,
            Map.of(),
            Map.of(),
            Map.of()));

    assertThat(events.stream(TemplateImported.class))
        .contains(new TemplateImported("audited-template", 1, "import", "sre"));
    assertThat(events.stream(TemplateStatusChanged.class))
        .contains(
            new TemplateStatusChanged(
                "audited-template", 1, TemplateStatus.DRAFT, TemplateStatus.PUBLISHED, "sre"));
    assertThat(events.stream(TemplatePolicyChanged.class))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.before()).isEqualTo(TemplatePolicy.open());
              assertThat(e.after().approvalRequired()).isTrue();
              assertThat(e.by()).isEqualTo("sre");
            });
  }
}
