package dev.slipway.helm;

import static dev.slipway.helm.RenderedChart.at;
import static dev.slipway.helm.RenderedChart.list;
import static dev.slipway.helm.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * With {@code migrations.existingSecret}, the tables' owner migrates in a hook Job and the portal's
 * pods never hold its credentials.
 */
class MigrationsJobTest {

  static final String OWNER = "slipway-db-owner";
  static final String PORTAL = "slipway-db-portal";

  static RenderedChart chart;

  @BeforeAll
  static void render() {
    chart =
        RenderedChart.withHooks(
            t ->
                t.set("replicaCount", 1)
                    .set("database.url", "jdbc:postgresql://slipway-db-rw:5432/slipway")
                    .set("database.existingSecret", PORTAL)
                    .set("migrations.existingSecret", OWNER));
  }

  @Test
  void migratesInAHookJobBeforeEveryInstallAndUpgrade() {
    Map<String, Object> job = chart.one("Job");
    assertThat(at(job, "metadata", "name")).isEqualTo("slipway-migrations");
    assertThat(RenderedChart.hookAnnotations("job.yaml"))
        .contains(
            "helm.sh/hook: pre-install,pre-upgrade",
            "helm.sh/hook-delete-policy: before-hook-creation");
    Map<String, Object> pod = map(at(job, "spec", "template", "spec"));
    assertThat(pod)
        .containsEntry("restartPolicy", "Never")
        .containsEntry("automountServiceAccountToken", false)
        .doesNotContainKey("serviceAccountName");

    Map<String, Map<String, Object>> env = RenderedChart.envOf(chart.migrationsContainer());
    assertThat(env.get("SLIPWAY_MIGRATEONLY")).containsEntry("value", "true");
    assertThat(at(env.get("SPRING_DATASOURCE_USERNAME"), "valueFrom", "secretKeyRef"))
        .isEqualTo(Map.of("name", OWNER, "key", "username"));
    assertThat(at(env.get("SPRING_DATASOURCE_PASSWORD"), "valueFrom", "secretKeyRef"))
        .isEqualTo(Map.of("name", OWNER, "key", "password"));
    // The portal's role by name, to grant to; never its password.
    assertThat(at(env.get("SLIPWAY_MIGRATIONS_PORTALROLE"), "valueFrom", "secretKeyRef"))
        .isEqualTo(Map.of("name", PORTAL, "key", "username"));
    assertThat(env.values())
        .noneMatch(
            v ->
                "password".equals(at(v, "valueFrom", "secretKeyRef", "key"))
                    && PORTAL.equals(at(v, "valueFrom", "secretKeyRef", "name")));
    // The portal's configuration, inline: a pre-install hook runs before the ConfigMap exists.
    Map<String, Object> config =
        map(new Yaml().load(String.valueOf(env.get("SPRING_APPLICATION_JSON").get("value"))));
    assertThat(config).isEqualTo(chart.applicationConfig());
    NoInlinedSecrets.assertNoneIn(chart);
  }

  @Test
  void theJobsPodIsNotOneOfThePortals() {
    Map<String, Object> labels =
        map(at(chart.one("Job"), "spec", "template", "metadata", "labels"));
    assertThat(labels).doesNotContainEntry("app.kubernetes.io/name", "slipway");
    assertThat(labels).containsEntry("app.kubernetes.io/component", "migrations");
    Map<String, Object> context = map(chart.migrationsContainer().get("securityContext"));
    assertThat(context)
        .containsEntry("allowPrivilegeEscalation", false)
        .containsEntry("readOnlyRootFilesystem", true)
        .doesNotContainKeys("runAsUser", "privileged");
    assertThat(list(at(context, "capabilities", "drop"))).containsExactly("ALL");
  }

  @Test
  void thePortalsPodsNeverGetTheOwnersCredentialsAndDoNotMigrate() {
    Map<String, Map<String, Object>> env = chart.env();
    assertThat(env).doesNotContainKeys("SPRING_LIQUIBASE_USER", "SPRING_LIQUIBASE_PASSWORD");
    assertThat(env.values())
        .noneMatch(v -> OWNER.equals(at(v, "valueFrom", "secretKeyRef", "name")));
    assertThat(env.get("SPRING_LIQUIBASE_ENABLED")).containsEntry("value", "false");
    assertThat(at(env.get("SPRING_DATASOURCE_USERNAME"), "valueFrom", "secretKeyRef"))
        .isEqualTo(Map.of("name", PORTAL, "key", "username"));
    assertThat(chart.applicationConfig()).doesNotContainKey("liquibase");
  }

  @Test
  void withoutAnOwnerThePortalMigratesAsItsOwnRoleAndThereIsNoJob() {
    RenderedChart single =
        RenderedChart.withHooks(
            t -> t.set("replicaCount", 1).set("database.existingSecret", PORTAL));

    assertThat(single.kinds()).doesNotContain("Job");
    assertThat(single.env()).doesNotContainKey("SPRING_LIQUIBASE_ENABLED");
    assertThat(List.copyOf(single.env().keySet())).noneMatch(k -> k.startsWith("SPRING_LIQUIBASE"));
  }
}
