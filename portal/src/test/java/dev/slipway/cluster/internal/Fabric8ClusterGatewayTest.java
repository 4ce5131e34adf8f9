package dev.slipway.cluster.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.slipway.cluster.ClusterGateway.ENVIRONMENT;
import static dev.slipway.cluster.ClusterGateway.MANAGED_BY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.slipway.cluster.ClusterException;
import dev.slipway.cluster.ClusterMode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against an API server that misbehaves on purpose, and the server-side apply shape.
 */
class Fabric8ClusterGatewayTest {

  static final Map<String, Object> CONFIG_MAP =
      Map.of(
          "apiVersion",
          "v1",
          "kind",
          "ConfigMap",
          "metadata",
          Map.of("name", "settings"),
          "data",
          Map.of("a", "1"));

  KubernetesMockServer server;
  KubernetesClient client;
  List<Duration> waits = new ArrayList<>();
  Fabric8ClusterGateway gateway;

  @BeforeEach
  void sandbox() {
    server = Sandbox.newServer();
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    client.getConfiguration().setRequestRetryBackoffLimit(0);
    gateway =
        new Fabric8ClusterGateway(
            ClusterMode.SANDBOX,
            client,
            Fabric8ClusterGateway.ApplyStrategy.CREATE_OR_UPDATE,
            new RetryPolicy(
                4, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30)),
            waits::add);
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  private void failCreate(int status, int times) {
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/team/configmaps")
        .andReturn(
            status, new StatusBuilder().withCode(status).withMessage("injected " + status).build())
        .times(times);
  }

  @Test
  void retriesAnOverloadedApiServerAndThenSucceeds() {
    failCreate(503, 2);
    failCreate(429, 1);

    gateway.apply("team", CONFIG_MAP, Map.of("slipway.dev/environment", "e1"));

    assertThat(client.configMaps().inNamespace("team").withName("settings").get().getData())
        .containsEntry("a", "1");
    assertThat(waits).hasSize(3);
    assertThat(waits.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
  }

  @Test
  void neverRetriesARefusalAndKeepsTheClustersWords() {
    failCreate(403, 5);

    assertThatThrownBy(() -> gateway.apply("team", CONFIG_MAP, Map.of()))
        .isInstanceOf(ClusterException.class)
        .hasMessage("ConfigMap settings: injected 403")
        .satisfies(e -> assertThat(((ClusterException) e).status()).isEqualTo(403));
    assertThat(waits).isEmpty();
  }

  @Test
  void neverRetriesAnInvalidObject() {
    failCreate(422, 5);
    assertThatThrownBy(() -> gateway.apply("team", CONFIG_MAP, Map.of()))
        .hasMessageContaining("injected 422");
    assertThat(waits).isEmpty();
  }

  @Test
  void givesUpAfterTheLastAttemptSayingHowManyThereWere() {
    failCreate(500, 10);

    assertThatThrownBy(() -> gateway.apply("team", CONFIG_MAP, Map.of()))
        .isInstanceOf(ClusterException.class)
        .hasMessageStartingWith("ConfigMap settings: the API server answered 500 for ")
        .hasMessageEndingWith(" s (4 attempts; last: injected 500)");
    assertThat(waits).hasSize(3);
  }

  @Test
  void stopsWhenTheTimeBudgetWouldRunOut() {
    Fabric8ClusterGateway impatient =
        new Fabric8ClusterGateway(
            ClusterMode.SANDBOX,
            client,
            Fabric8ClusterGateway.ApplyStrategy.CREATE_OR_UPDATE,
            new RetryPolicy(
                10, Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(5)),
            waits::add);
    failCreate(503, 10);

    assertThatThrownBy(() -> impatient.apply("team", CONFIG_MAP, Map.of()))
        .hasMessageContaining("injected 503");
    assertThat(waits)
        .as("one wait of at most 4 s fits a 5 s budget, two do not")
        .hasSizeLessThanOrEqualTo(2);
  }

  /** A fake API server that accepts one PATCH of the ConfigMap, and a real client pointed at it. */
  private static WireMockServer apiServer() {
    WireMockServer api =
        new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    api.start();
    api.stubFor(
        patch(urlPathEqualTo("/api/v1/namespaces/team/configmaps/settings"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"settings\",\"namespace\":\"team\"}}")));
    return api;
  }

  private static KubernetesClient clientOf(WireMockServer api) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(Config.empty())
                .withMasterUrl(api.baseUrl())
                .withRequestRetryBackoffLimit(0)
                .build())
        .build();
  }

  @Test
  void serverSideApplyUsesTheSlipwayFieldManagerAndForcesConflicts() {
    WireMockServer api = apiServer();
    try {
      try (KubernetesClient real = clientOf(api)) {
        new Fabric8ClusterGateway(
                ClusterMode.KUBERNETES,
                real,
                Fabric8ClusterGateway.ApplyStrategy.SERVER_SIDE,
                RetryPolicy.NONE,
                waits::add)
            .apply("team", CONFIG_MAP, Map.of("slipway.dev/environment", "e1"));
      }
      api.verify(
          1,
          patchRequestedFor(urlPathEqualTo("/api/v1/namespaces/team/configmaps/settings"))
              .withQueryParam("fieldManager", equalTo("slipway"))
              .withQueryParam("force", equalTo("true"))
              .withHeader("Content-Type", equalTo("application/apply-patch+yaml")));
      String body = api.getAllServeEvents().getFirst().getRequest().getBodyAsString();
      assertThat(body).contains("slipway.dev/environment").contains("\"namespace\":\"team\"");
    } finally {
      api.stop();
    }
  }

  @Test
  void actingAsTheRequesterSendsImpersonationHeaders() {
    WireMockServer api = apiServer();
    try {
      try (KubernetesClient real = clientOf(api)) {
        Fabric8ClusterGateway portal =
            new Fabric8ClusterGateway(
                ClusterMode.KUBERNETES,
                real,
                Fabric8ClusterGateway.ApplyStrategy.SERVER_SIDE,
                RetryPolicy.NONE,
                waits::add,
                new dev.slipway.cluster.ClusterProperties.Impersonation(true, "oidc:", "oidc:"),
                java.util.Optional.of("restricted"));
        portal
            .actingAs(new dev.slipway.cluster.Actor("alice", List.of("payments", "on-call")))
            .apply("team", CONFIG_MAP, Map.of());
      }
      var request = api.getAllServeEvents().getFirst().getRequest();
      assertThat(request.getHeader("Impersonate-User")).isEqualTo("oidc:alice");
      assertThat(request.getHeaders().getHeader("Impersonate-Group").values())
          .containsExactlyInAnyOrder("oidc:payments", "oidc:on-call");
    } finally {
      api.stop();
    }
  }

  @Test
  void onARealClusterReadinessIsReadFromTheObjectsStatus() {
    Fabric8ClusterGateway real =
        new Fabric8ClusterGateway(
            ClusterMode.KUBERNETES,
            client,
            Fabric8ClusterGateway.ApplyStrategy.CREATE_OR_UPDATE,
            RetryPolicy.NONE,
            waits::add);
    client
        .apps()
        .deployments()
        .inNamespace("team")
        .resource(
            new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .endSpec()
                .withNewStatus()
                .withAvailableReplicas(1)
                .endStatus()
                .build())
        .create();
    var web = new dev.slipway.cluster.ObjectRef("apps/v1", "Deployment", "web");
    assertThat(real.readiness("team", web))
        .isEqualTo(dev.slipway.cluster.Readiness.waiting("1 of 2 replicas available"));
    assertThat(
            real.readiness(
                    "team", new dev.slipway.cluster.ObjectRef("apps/v1", "Deployment", "gone"))
                .failed())
        .isTrue();
    assertThat(gateway.readiness("team", web).ready())
        .as("the sandbox runs nothing: accepted is ready")
        .isTrue();
  }

  @Test
  void retriesACallThatGotNoAnswerAtAll() throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://127.0.0.1:" + closedPort)
            .withRequestRetryBackoffLimit(0)
            .build();
    try (KubernetesClient nowhere = new KubernetesClientBuilder().withConfig(config).build()) {
      Fabric8ClusterGateway gateway =
          new Fabric8ClusterGateway(
              ClusterMode.KUBERNETES,
              nowhere,
              Fabric8ClusterGateway.ApplyStrategy.SERVER_SIDE,
              new RetryPolicy(
                  3, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(5)),
              waits::add);
      assertThatThrownBy(() -> gateway.apply("team", CONFIG_MAP, Map.of()))
          .isInstanceOf(ClusterException.class)
          .hasMessageStartingWith("ConfigMap settings: the API server refused connections for ")
          .hasMessageEndingWith("(3 attempts; last: refused connections)")
          .satisfies(e -> assertThat(((ClusterException) e).mayPass()).isTrue());
      assertThat(waits).hasSize(2);
    }
  }

  @Test
  void neverActsAsASystemIdentity() {
    Fabric8ClusterGateway impersonating =
        new Fabric8ClusterGateway(
            ClusterMode.KUBERNETES,
            client,
            Fabric8ClusterGateway.ApplyStrategy.CREATE_OR_UPDATE,
            RetryPolicy.NONE,
            waits::add,
            new dev.slipway.cluster.ClusterProperties.Impersonation(true, "", ""),
            java.util.Optional.of("restricted"));
    assertThatThrownBy(
            () ->
                impersonating.actingAs(
                    new dev.slipway.cluster.Actor("mallory", List.of("system:masters"))))
        .hasMessageContaining("system: identities are never impersonated");
    assertThatThrownBy(
            () -> impersonating.actingAs(new dev.slipway.cluster.Actor("system:admin", List.of())))
        .isInstanceOf(ClusterException.class);
  }

  @Test
  void withoutImpersonationThePortalActsAsItself() {
    assertThat(gateway.actingAs(new dev.slipway.cluster.Actor("alice", List.of("x"))))
        .isSameAs(gateway);
  }

  @Test
  void theApplyStrategyFollowsTheClusterUnlessConfigured() {
    var properties =
        new dev.slipway.cluster.ClusterProperties(null, null, true, null, null, null, null);
    assertThat(ClusterConfiguration.applyStrategy(properties, ClusterMode.SANDBOX))
        .isEqualTo(Fabric8ClusterGateway.ApplyStrategy.CREATE_OR_UPDATE);
    assertThat(ClusterConfiguration.applyStrategy(properties, ClusterMode.KUBERNETES))
        .isEqualTo(Fabric8ClusterGateway.ApplyStrategy.SERVER_SIDE);
    assertThat(
            ClusterConfiguration.applyStrategy(
                new dev.slipway.cluster.ClusterProperties(
                    null,
                    null,
                    true,
                    dev.slipway.cluster.ClusterProperties.Apply.CREATE_OR_UPDATE,
                    null,
                    null,
                    null),
                ClusterMode.KUBERNETES))
        .as("configured")
        .isEqualTo(Fabric8ClusterGateway.ApplyStrategy.CREATE_OR_UPDATE);
  }

  // --- confinement: nothing leaves the environment's namespace ---

  static final String ENV = "6f1c0a52-0000-4000-8000-000000000001";

  static Map<String, Object> manifest(String apiVersion, String kind, String name) {
    return Map.of("apiVersion", apiVersion, "kind", kind, "metadata", Map.of("name", name));
  }

  @Test
  void refusesClusterScopedKindsBeforeAnyCall() {
    for (Map<String, Object> m :
        List.of(
            manifest("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "give-admin"),
            manifest("apiextensions.k8s.io/v1", "CustomResourceDefinition", "x.example.com"),
            manifest("v1", "Namespace", "victim"),
            manifest("v1", "PersistentVolume", "disk"))) {
      assertThatThrownBy(() -> gateway.apply("env-a", m, Map.of(ENVIRONMENT, ENV)))
          .as("%s", m.get("kind"))
          .isInstanceOf(ClusterException.class)
          .hasMessageContaining("is not a namespaced kind");
      assertThatThrownBy(() -> gateway.validate(m))
          .as("%s", m.get("kind"))
          .hasMessageContaining("is not a namespaced kind");
    }
    assertThat(client.rbac().clusterRoleBindings().list().getItems()).isEmpty();
    assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems()).isEmpty();
    assertThat(client.namespaces().withName("victim").get()).isNull();
  }

  @Test
  void anObjectTheModelCannotReadIsRefusedNamingTheField() {
    Map<String, Object> deployment =
        Map.of(
            "apiVersion",
            "apps/v1",
            "kind",
            "Deployment",
            "metadata",
            Map.of("name", "web"),
            "spec",
            Map.of("replicas", "many"));

    assertThatThrownBy(() -> gateway.validate(deployment))
        .isInstanceOf(ClusterException.class)
        .hasMessageStartingWith("Deployment web: spec.replicas: ")
        .satisfies(e -> assertThat(((ClusterException) e).status()).isEqualTo(422));
    assertThat(server.getRequestCount()).as("no call").isZero();
  }

  @Test
  void appliesNamespacedKindsInTheEnvironmentsNamespaceOnly() {
    Map<String, Object> elsewhere =
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "ConfigMap",
            "metadata",
            Map.of("name", "settings", "namespace", "victim"));
    gateway.apply("env-a", elsewhere, Map.of(ENVIRONMENT, ENV));
    assertThat(client.configMaps().inNamespace("env-a").withName("settings").get()).isNotNull();
    assertThat(client.configMaps().inNamespace("victim").withName("settings").get()).isNull();
  }

  @Test
  void deletionNeverSweepsAClusterScopedKindNorANamespaceItDidNotMake() {
    // What an environment recorded before kinds were confined, and a bystander labelled alike.
    client
        .rbac()
        .clusterRoleBindings()
        .resource(
            new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("give-admin")
                .withLabels(Map.of(ENVIRONMENT, ENV))
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .build())
        .create();
    namespace("env-a", Map.of(ENVIRONMENT, ENV));
    namespace("bystander", Map.of(ENVIRONMENT, ENV, MANAGED_BY, "slipway"));

    List<dev.slipway.cluster.ObjectRef> remaining =
        gateway.deleteEnvironment(
            "env-a",
            ENV,
            List.of(
                new dev.slipway.cluster.ObjectRef(
                    "rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "give-admin"),
                new dev.slipway.cluster.ObjectRef("v1", "Namespace", "bystander")));

    assertThat(remaining).isEmpty();
    assertThat(client.rbac().clusterRoleBindings().withName("give-admin").get()).isNotNull();
    // carries the environment's label, but not the portal's mark: not made by the portal
    assertThat(client.namespaces().withName("env-a").get()).isNotNull();
    assertThat(client.namespaces().withName("bystander").get()).isNotNull();
  }

  @Test
  void takesOverNoNamespaceMerelyLabelledWithTheEnvironment() {
    namespace("env-a", Map.of(ENVIRONMENT, ENV));
    assertThatThrownBy(
            () -> gateway.ensureNamespace("env-a", Map.of(ENVIRONMENT, ENV, MANAGED_BY, "slipway")))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("does not belong to this environment");
  }

  @Test
  void theNamespaceItMakesEnforcesThePodSecurityStandard() {
    gateway.ensureNamespace("env-a", Map.of(ENVIRONMENT, ENV, MANAGED_BY, "slipway"));
    assertThat(client.namespaces().withName("env-a").get().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
        .containsEntry(ENVIRONMENT, ENV);

    Fabric8ClusterGateway unlabelled =
        new Fabric8ClusterGateway(
            ClusterMode.SANDBOX,
            client,
            Fabric8ClusterGateway.ApplyStrategy.CREATE_OR_UPDATE,
            RetryPolicy.NONE,
            waits::add,
            null,
            java.util.Optional.empty());
    unlabelled.ensureNamespace("env-b", Map.of(ENVIRONMENT, ENV, MANAGED_BY, "slipway"));
    assertThat(client.namespaces().withName("env-b").get().getMetadata().getLabels())
        .doesNotContainKey("pod-security.kubernetes.io/enforce");
  }

  @Test
  void thePodSecuritySettingNamesAStandardOrNothing() {
    assertThat(properties(null).podSecurityLevel()).contains("restricted");
    assertThat(properties("baseline").podSecurityLevel()).contains("baseline");
    assertThat(properties("").podSecurityLevel()).isEmpty();
    assertThatThrownBy(() -> properties("strict").podSecurityLevel())
        .hasMessageContaining("slipway.cluster.pod-security");
  }

  private static dev.slipway.cluster.ClusterProperties properties(
      @org.jspecify.annotations.Nullable String podSecurity) {
    return new dev.slipway.cluster.ClusterProperties(
        null, null, false, null, null, null, podSecurity);
  }

  @Test
  void deletesTheNamespaceItMadeForTheEnvironment() {
    gateway.ensureNamespace("env-a", Map.of(ENVIRONMENT, ENV, MANAGED_BY, "slipway"));
    // made already: a repeated step converges
    gateway.ensureNamespace("env-a", Map.of(ENVIRONMENT, ENV, MANAGED_BY, "slipway"));
    assertThat(gateway.deleteEnvironment("env-a", ENV, List.of())).isEmpty();
    assertThat(client.namespaces().withName("env-a").get()).isNull();
  }

  // --- discovery (a custom resource fabric8 has no model for): only answers are kept ---

  static final Map<String, Object> WIDGET = manifest("widgets.example.com/v1", "Widget", "w1");

  static io.fabric8.kubernetes.api.model.APIResourceList widgets() {
    return new io.fabric8.kubernetes.api.model.APIResourceListBuilder()
        .withGroupVersion("widgets.example.com/v1")
        .addNewResource()
        .withName("widgets")
        .withKind("Widget")
        .withNamespaced(true)
        .withVerbs("get", "list", "create", "patch", "delete")
        .endResource()
        .build();
  }

  private void discovery(int status, Object body) {
    server.expect().get().withPath("/apis/widgets.example.com/v1").andReturn(status, body).once();
  }

  @Test
  void aDiscoveryThatFailedOnceIsRetriedAndOnlyItsAnswerIsKept() {
    discovery(503, new StatusBuilder().withCode(503).withMessage("restarting").build());
    discovery(200, widgets());

    gateway.validate(WIDGET);
    assertThat(waits).hasSize(1);

    int asked = server.getRequestCount();
    gateway.validate(WIDGET);
    gateway.validate(WIDGET);
    // the answer is kept: discovery is not asked again
    assertThat(server.getRequestCount()).isEqualTo(asked);
  }

  @Test
  void aDiscoveryThatKeepsFailingIsARetryableErrorNotAnAnswer() {
    for (int i = 0; i < 4; i++) {
      discovery(503, new StatusBuilder().withCode(503).withMessage("restarting").build());
    }
    discovery(200, widgets());

    assertThatThrownBy(() -> gateway.validate(WIDGET))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("discovering Widget")
        .hasMessageNotContaining("not a namespaced kind")
        .satisfies(e -> assertThat(((ClusterException) e).status()).isEqualTo(503));
    // the cluster is back: the kind is namespaced after all
    gateway.validate(WIDGET);
  }

  @Test
  void aKindNotServedYetIsAskedAboutAgainOnceItsCrdIsInstalled() {
    discovery(404, new StatusBuilder().withCode(404).withMessage("not found").build());
    discovery(200, widgets());

    assertThatThrownBy(() -> gateway.validate(WIDGET))
        .hasMessageContaining("is not a namespaced kind");
    assertThat(waits).isEmpty();
    gateway.validate(WIDGET);
  }

  private void namespace(String name, Map<String, String> labels) {
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }
}
