package dev.slipway.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.cluster.ClusterMode;
import dev.slipway.cluster.NamespacedKinds;
import dev.slipway.cluster.NamespacedKinds.Kind;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The start-up check of the kinds templates may create, against a cluster's API discovery. */
class NamespacedKindsCheckTest {

  KubernetesMockServer server;
  KubernetesClient client;
  List<Duration> waits = new ArrayList<>();

  @BeforeEach
  void cluster() {
    server = Sandbox.newServer();
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    client.getConfiguration().setRequestRetryBackoffLimit(0);
    serve("", "v1", "configmaps", "ConfigMap", true);
    serve("storage.k8s.io", "v1", "storageclasses", "StorageClass", false);
    serve("apps", "v1", "deployments", "Deployment", true);
    server
        .expect()
        .get()
        .withPath("/apis/route.openshift.io")
        .andReturn(404, new StatusBuilder().withCode(404).build())
        .always();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  private void serve(String group, String version, String plural, String kind, boolean namespaced) {
    String groupVersion = group.isEmpty() ? version : group + "/" + version;
    if (!group.isEmpty()) {
      server
          .expect()
          .get()
          .withPath("/apis/" + group)
          .andReturn(
              200,
              new APIGroupBuilder()
                  .withName(group)
                  .withNewPreferredVersion(groupVersion, version)
                  .addNewVersion(groupVersion, version)
                  .build())
          .always();
    }
    server
        .expect()
        .get()
        .withPath((group.isEmpty() ? "/api/" : "/apis/") + groupVersion)
        .andReturn(
            200,
            new APIResourceListBuilder()
                .withGroupVersion(groupVersion)
                .addNewResource()
                .withName(plural)
                .withKind(kind)
                .withNamespaced(namespaced)
                .withVerbs("get")
                .endResource()
                .build())
        .always();
  }

  private NamespacedKindsCheck check(ClusterMode mode, Kind... kinds) {
    Fabric8ClusterGateway gateway =
        new Fabric8ClusterGateway(
            mode,
            client,
            Fabric8ClusterGateway.ApplyStrategy.SERVER_SIDE,
            new RetryPolicy(
                5, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(60)),
            waits::add);
    return new NamespacedKindsCheck(
        gateway, List.of(new NamespacedKinds("slipway.catalog.allowed-kinds", List.of(kinds))));
  }

  @Test
  void refusesToStartWithAKindTheClusterServesAsClusterScoped() {
    assertThatThrownBy(
            () ->
                check(
                        ClusterMode.KUBERNETES,
                        new Kind("", "ConfigMap"),
                        new Kind("storage.k8s.io", "StorageClass"),
                        new Kind("apps", "Deployment"))
                    .check())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "slipway.catalog.allowed-kinds: StorageClass.storage.k8s.io is cluster-scoped on this"
                + " cluster (API discovery); only namespaced kinds may be listed, remove it");
  }

  @Test
  void startsWithNamespacedKindsAndKindsTheClusterDoesNotServe() {
    assertThatCode(
            () ->
                check(
                        ClusterMode.KUBERNETES,
                        new Kind("", "ConfigMap"),
                        new Kind("apps", "Deployment"),
                        new Kind("route.openshift.io", "Route"))
                    .check())
        .doesNotThrowAnyException();
  }

  @Test
  void startsWhenTheClusterCannotBeAskedTryingOnceOnly() {
    server
        .expect()
        .get()
        .withPath("/apis/scheduling.k8s.io")
        .andReturn(503, new StatusBuilder().withCode(503).withMessage("restarting").build())
        .always();
    int before = server.getRequestCount();

    assertThatCode(
            () ->
                check(
                        ClusterMode.KUBERNETES,
                        new Kind("scheduling.k8s.io", "PriorityClass"),
                        new Kind("storage.k8s.io", "StorageClass"))
                    .check())
        .doesNotThrowAnyException();
    assertThat(server.getRequestCount() - before).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void theSandboxIsNotAsked() {
    int before = server.getRequestCount();
    assertThatCode(
            () -> check(ClusterMode.SANDBOX, new Kind("storage.k8s.io", "StorageClass")).check())
        .doesNotThrowAnyException();
    assertThat(server.getRequestCount()).isEqualTo(before);
  }
}
