package dev.slipway.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import dev.slipway.catalog.TemplateStatus;
import dev.slipway.catalog.internal.TemplateStore;
import dev.slipway.cluster.ClusterGateway;
import dev.slipway.cluster.internal.ClusterConnection;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A template cannot escape its namespace: what an attacker tried with a published template
 * (cluster-admin for a user named in a parameter, a CRD, taking over and then deleting another
 * namespace) is refused at import, and refused again by the engine when such a version is already
 * stored, before anything reaches the cluster.
 */
@PortalTest
class ConfinementIT {

  /** The four objects, as an SRE would import them. */
  static final String HOSTILE =
      """
      apiVersion: template.openshift.io/v1
      kind: Template
      metadata: { name: %s }
      parameters:
        - name: WHO
          value: developer
        - name: TARGET
          value: %s
      objects:
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: { name: "give-${WHO}-admin" }
          roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
          subjects: [ { kind: User, apiGroup: rbac.authorization.k8s.io, name: "${WHO}" } ]
        - apiVersion: apiextensions.k8s.io/v1
          kind: CustomResourceDefinition
          metadata: { name: widgets.example.com }
          spec:
            group: example.com
            scope: Namespaced
            names: { kind: Widget, plural: widgets }
            versions: [ { name: v1, served: true, storage: true } ]
        - apiVersion: v1
          kind: Namespace
          metadata: { name: "${TARGET}", labels: { taken: over } }
        - apiVersion: v1
          kind: ConfigMap
          metadata: { name: planted, namespace: "${TARGET}" }
          data: { a: b }
      """;

  /** Only allowed kinds, but one of them aimed at another namespace through a parameter. */
  static final String AIMED =
      """
      apiVersion: template.openshift.io/v1
      kind: Template
      metadata: { name: %s }
      parameters:
        - name: TARGET
          value: default
      objects:
        - apiVersion: v1
          kind: ConfigMap
          metadata: { name: planted, namespace: "${TARGET}" }
          data: { a: b }
      """;

  /** Where parameters land: a name, a label, replicas and a port. */
  static final String FIELDS =
      """
      apiVersion: template.openshift.io/v1
      kind: Template
      metadata: { name: %s }
      parameters:
        - { name: NAME, value: web }
        - { name: TIER, value: front }
        - { name: REPLICAS, value: "1" }
        - { name: PORT, value: "8080" }
      labels: { tier: "${TIER}" }
      objects:
        - apiVersion: apps/v1
          kind: Deployment
          metadata: { name: "${NAME}" }
          spec:
            replicas: "${{REPLICAS}}"
            selector: { matchLabels: { app: "${NAME}" } }
            template:
              metadata: { labels: { app: "${NAME}" } }
              spec:
                containers:
                  - name: web
                    image: registry.example.com/web:1
                    ports: [ { containerPort: "${{PORT}}" } ]
        - apiVersion: v1
          kind: Service
          metadata: { name: "${NAME}" }
          spec:
            selector: { app: "${NAME}" }
            ports: [ { port: "${{PORT}}" } ]
      """;

  @LocalServerPort int port;
  @Autowired ClusterConnection cluster;
  @Autowired TemplateStore store;
  @Autowired EnvironmentRepository environments;
  @Autowired ProvisioningQueue queue;
  @Autowired TransactionTemplate transactions;
  @Autowired Clock clock;

  Api sre;
  Api developer;
  KubernetesClient kube;

  @BeforeEach
  void clients() {
    sre = Api.basic(port, "sre", "sre");
    developer = Api.basic(port, "developer", "developer");
    kube = cluster.client();
  }

  @Test
  void importRefusesEveryObjectThatWouldEscapeNamingWhereAndWhichKind() {
    Api.Response refused =
        sre.post("/api/v1/templates?publish=true", HOSTILE.formatted("escape-import", "victim"));

    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    Map<String, String> errors = new java.util.LinkedHashMap<>();
    refused
        .json()
        .path("errors")
        .forEach(e -> errors.put(e.path("path").asString(), e.path("message").asString()));
    assertThat(errors)
        .containsOnlyKeys(
            "/objects/0/kind",
            "/objects/1/kind",
            "/objects/2/kind",
            "/objects/3/metadata/namespace");
    assertThat(errors.get("/objects/0/kind"))
        .contains("ClusterRoleBinding (ClusterRoleBinding.rbac.authorization.k8s.io)");
    assertThat(errors.get("/objects/1/kind")).contains("CustomResourceDefinition");
    assertThat(errors.get("/objects/2/kind")).startsWith("Namespace (Namespace)");
    assertThat(errors.get("/objects/3/metadata/namespace"))
        .contains("may not come from a parameter", "ConfigMap");
    assertThat(sre.get("/api/v1/templates/escape-import/versions").status()).isEqualTo(404);
  }

  @Test
  void aStoredVersionThatWouldEscapeIsRefusedBeforeAnythingReachesTheCluster() {
    String victim = "victim-" + suffix();
    namespace(victim, Map.of("team", "payments"));
    String name = "escape-" + suffix();
    smuggle(name, HOSTILE.formatted(name, victim));

    // The request and the dry run: refused, naming the object and its kind.
    Api.Response request =
        developer.post(
            "/api/v1/environments",
            """
            {"template": "%s", "name": "%s", "parameters": {"TARGET": "%s"}}"""
                .formatted(name, name, victim));
    assertThat(request.status()).as(request.body()).isEqualTo(400);
    assertThat(request.body())
        .contains("/objects/0/kind", "ClusterRoleBinding give-developer-admin");
    Api.Response dryRun = developer.post("/api/v1/templates/" + name + "/render", "{}");
    assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(400);
    assertThat(dryRun.body()).contains("/objects/1/kind", "CustomResourceDefinition");

    // An environment already queued for it (stored before the rule): it fails, naming the
    // object, and nothing is applied.
    Environment environment = queued(name, Map.of("TARGET", victim));
    JsonNode failed = developer.awaitStatus(environment.id().toString(), "FAILED");
    assertThat(failed.path("statusReason").asString())
        .contains("/objects/0/kind", "ClusterRoleBinding");
    assertNothingEscaped(victim);
    assertThat(kube.namespaces().withName(environment.namespace()).get()).isNull();

    // Deleting it leaves the other namespace as it was.
    assertThat(developer.delete("/api/v1/environments/" + environment.id()).status())
        .isEqualTo(202);
    developer.awaitStatus(environment.id().toString(), "DELETED");
    assertNothingEscaped(victim);
  }

  @Test
  void aNamespaceAParameterNamesIsNeverFollowed() {
    String victim = "victim-" + suffix();
    namespace(victim, Map.of("team", "payments"));
    String name = "aimed-" + suffix();
    smuggle(name, AIMED.formatted(name));

    String id =
        requested(
            """
            {"template": "%s", "name": "%s", "parameters": {"TARGET": "%s"}}"""
                .formatted(name, name, victim));
    JsonNode ready = developer.awaitStatus(id, "READY");
    String own = ready.path("namespace").asString();
    assertThat(kube.configMaps().inNamespace(own).withName("planted").get()).isNotNull();
    assertThat(kube.configMaps().inNamespace(victim).withName("planted").get()).isNull();

    assertThat(developer.delete("/api/v1/environments/" + id).status()).isEqualTo(202);
    developer.awaitStatus(id, "DELETED");
    assertThat(kube.namespaces().withName(own).get()).isNull();
    assertNothingEscaped(victim);
  }

  @Test
  void deletionNeverDeletesANamespaceThatMerelyCarriesTheEnvironmentsLabels() {
    String name = "plain-" + suffix();
    String template =
        """
        apiVersion: template.openshift.io/v1
        kind: Template
        metadata: { name: %s }
        objects:
          - { apiVersion: v1, kind: ConfigMap, metadata: { name: settings }, data: { a: b } }
        """
            .formatted(name);
    assertThat(sre.post("/api/v1/templates?publish=true", template).status()).isEqualTo(201);
    String id = requested("{\"template\": \"%s\", \"name\": \"%s\"}".formatted(name, name));
    JsonNode ready = developer.awaitStatus(id, "READY");
    String bystander = "bystander-" + suffix();
    namespace(
        bystander, Map.of(ClusterGateway.ENVIRONMENT, id, ClusterGateway.MANAGED_BY, "slipway"));

    assertThat(developer.delete("/api/v1/environments/" + id).status()).isEqualTo(202);
    developer.awaitStatus(id, "DELETED");

    assertThat(kube.namespaces().withName(ready.path("namespace").asString()).get()).isNull();
    assertThat(kube.namespaces().withName(bystander).get()).isNotNull();
  }

  @Test
  void parameterValuesAreCheckedWhereTheyLandInTheRequestAndTheDryRun() {
    String name = "fields-" + suffix();
    Api.Response imported = sre.post("/api/v1/templates?publish=true", FIELDS.formatted(name));
    assertThat(imported.status()).as(imported.body()).isEqualTo(201);

    Map<String, String> bad =
        Map.of(
            "NAME", "Web_App",
            "TIER", "front end!",
            "REPLICAS", "11",
            "PORT", "70000");
    List<String> seen = new ArrayList<>();
    bad.forEach(
        (parameter, value) -> {
          String parameters = "{\"%s\": \"%s\"}".formatted(parameter, value);
          Api.Response dryRun =
              developer.post(
                  "/api/v1/templates/" + name + "/render", "{\"parameters\": " + parameters + "}");
          assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(400);
          assertThat(fields(dryRun)).as(dryRun.body()).containsExactly("parameters." + parameter);

          Api.Response request =
              developer.post(
                  "/api/v1/environments",
                  """
                  {"template": "%s", "name": "%s", "parameters": %s}"""
                      .formatted(name, name, parameters));
          assertThat(request.status()).as(request.body()).isEqualTo(400);
          assertThat(fields(request)).as(request.body()).containsExactly("parameters." + parameter);
          assertThat(request.json().path("detail").asString()).contains(value);
          seen.add(parameter);
        });
    assertThat(seen).hasSize(4);
    assertThat(
            developer
                .post(
                    "/api/v1/templates/" + name + "/render",
                    "{\"parameters\": {\"REPLICAS\": \"-1\"}}")
                .json()
                .path("detail")
                .asString())
        .contains("between 0 and 10");
    // The defaults are fine.
    assertThat(developer.post("/api/v1/templates/" + name + "/render", "{}").status())
        .isEqualTo(200);
  }

  private static List<String> fields(Api.Response response) {
    List<String> fields = new ArrayList<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
    return fields;
  }

  private void assertNothingEscaped(String victim) {
    assertThat(kube.rbac().clusterRoleBindings().withName("give-developer-admin").get()).isNull();
    assertThat(
            kube.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("widgets.example.com")
                .get())
        .isNull();
    Namespace other = kube.namespaces().withName(victim).get();
    assertThat(other).isNotNull();
    assertThat(other.getMetadata().getLabels()).isEqualTo(Map.of("team", "payments"));
    assertThat(kube.configMaps().inNamespace(victim).withName("planted").get()).isNull();
  }

  /** Stores a published version directly, as one imported before the rules (or a baseline). */
  private void smuggle(String name, String yaml) {
    JsonNode source = new YAMLMapper().readTree(yaml);
    transactions.executeWithoutResult(
        tx -> store.add(name, source, "import", TemplateStatus.PUBLISHED, "sre", clock.instant()));
  }

  /** An environment of the template, already accepted and queued, as the developer's. */
  private Environment queued(String template, Map<String, String> parameters) {
    Instant now = clock.instant();
    Environment environment =
        new Environment(
            UUID.randomUUID(),
            template,
            "env-" + template,
            template,
            1,
            EnvironmentStatus.REQUESTED,
            "",
            "developer",
            "developer",
            List.of("slipway-developers", "team-payments"),
            "team-payments",
            parameters,
            now,
            now,
            now.plus(Duration.ofDays(1)),
            List.of());
    transactions.executeWithoutResult(
        tx -> {
          environments.insert(
              environment,
              EnvironmentStateMachine.on(
                  EnvironmentStateMachine.Trigger.REQUEST,
                  EnvironmentStateMachine.Guard.NO_APPROVAL_REQUIRED));
          queue.provision(
              new ProvisioningJobs.Provision(environment.id(), false, Duration.ofMinutes(1), null),
              Map.of());
        });
    return environment;
  }

  private String requested(String body) {
    Api.Response response = developer.post("/api/v1/environments", body);
    assertThat(response.status()).as(response.body()).isEqualTo(202);
    return response.json().path("id").asString();
  }

  private void namespace(String name, Map<String, String> labels) {
    kube.namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
