package dev.slipway.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.cluster.ClusterMode;
import dev.slipway.cluster.ClusterProperties;
import org.junit.jupiter.api.Test;

class ClusterModeTest {

  @Test
  void devFallsBackToTheSandboxWhenNoClusterIsConfigured() {
    assertThat(
            ClusterConfiguration.chooseMode(
                new ClusterProperties(
                    ClusterProperties.Mode.AUTO, null, true, null, null, null, null),
                null,
                false))
        .isEqualTo(ClusterMode.SANDBOX);
  }

  @Test
  void aKubeconfigSwitchesToARealCluster() {
    assertThat(
            ClusterConfiguration.chooseMode(
                new ClusterProperties(
                    ClusterProperties.Mode.AUTO,
                    "/home/dev/.kube/config",
                    true,
                    null,
                    null,
                    null,
                    null),
                null,
                false))
        .isEqualTo(ClusterMode.KUBERNETES);
    assertThat(
            ClusterConfiguration.chooseMode(
                new ClusterProperties(null, null, true, null, null, null, null),
                "/tmp/kubeconfig",
                false))
        .isEqualTo(ClusterMode.KUBERNETES);
  }

  @Test
  void inClusterConfigSwitchesToARealCluster() {
    assertThat(
            ClusterConfiguration.chooseMode(
                new ClusterProperties(
                    ClusterProperties.Mode.AUTO, null, true, null, null, null, null),
                null,
                true))
        .isEqualTo(ClusterMode.KUBERNETES);
  }

  @Test
  void productionWithoutAnyClusterFailsNamingTheSettings() {
    assertThatThrownBy(
            () ->
                ClusterConfiguration.chooseMode(
                    new ClusterProperties(
                        ClusterProperties.Mode.AUTO, null, false, null, null, null, null),
                    null,
                    false))
        .hasMessageContaining("slipway.cluster.kubeconfig")
        .hasMessageContaining("slipway.cluster.mode=sandbox");
  }
}
