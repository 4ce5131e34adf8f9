package dev.slipway.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cluster.Readiness;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.openshift.api.model.RouteBuilder;
import org.junit.jupiter.api.Test;

class ReadinessRulesTest {

  @Test
  void aDeploymentIsReadyWhenEveryReplicaIsAvailable() {
    var deployment = new DeploymentBuilder().withNewSpec().withReplicas(2).endSpec();
    assertThat(
            ReadinessRules.of(
                deployment.withNewStatus().withAvailableReplicas(1).endStatus().build()))
        .isEqualTo(Readiness.waiting("1 of 2 replicas available"));
    assertThat(
            ReadinessRules.of(
                    deployment.withNewStatus().withAvailableReplicas(2).endStatus().build())
                .ready())
        .isTrue();
    assertThat(ReadinessRules.of(new DeploymentBuilder().build()))
        .as("no status yet")
        .isEqualTo(Readiness.waiting("0 of 1 replicas available"));
  }

  @Test
  void aStatefulSetIsReadyWhenEveryReplicaIsReady() {
    var set = new StatefulSetBuilder().withNewSpec().withReplicas(3).endSpec();
    assertThat(
            ReadinessRules.of(set.withNewStatus().withReadyReplicas(3).endStatus().build()).ready())
        .isTrue();
    assertThat(
            ReadinessRules.of(set.withNewStatus().withReadyReplicas(0).endStatus().build()).ready())
        .isFalse();
  }

  @Test
  void aClaimIsReadyWhenBoundAndFailedWhenLost() {
    assertThat(
            ReadinessRules.of(
                    new PersistentVolumeClaimBuilder()
                        .withNewStatus()
                        .withPhase("Bound")
                        .endStatus()
                        .build())
                .ready())
        .isTrue();
    assertThat(
            ReadinessRules.of(
                new PersistentVolumeClaimBuilder()
                    .withNewStatus()
                    .withPhase("Pending")
                    .endStatus()
                    .build()))
        .isEqualTo(Readiness.waiting("not bound yet (Pending)"));
    assertThat(
            ReadinessRules.of(
                    new PersistentVolumeClaimBuilder()
                        .withNewStatus()
                        .withPhase("Lost")
                        .endStatus()
                        .build())
                .failed())
        .isTrue();
  }

  @Test
  void aRouteIsReadyWhenARouterAdmittedIt() {
    var admitted =
        new RouteBuilder()
            .withNewStatus()
            .addNewIngress()
            .addNewCondition()
            .withType("Admitted")
            .withStatus("True")
            .endCondition()
            .endIngress()
            .endStatus()
            .build();
    assertThat(ReadinessRules.of(admitted).ready()).isTrue();
    assertThat(ReadinessRules.of(new RouteBuilder().build()).ready()).isFalse();
  }

  @Test
  void aJobIsReadyWhenItSucceededAndFailedPastItsBackoffLimit() {
    assertThat(
            ReadinessRules.of(new JobBuilder().withNewStatus().withSucceeded(1).endStatus().build())
                .ready())
        .isTrue();
    var failing = new JobBuilder().withNewSpec().withBackoffLimit(2).endSpec();
    assertThat(
            ReadinessRules.of(failing.withNewStatus().withFailed(2).endStatus().build()).failed())
        .isFalse();
    assertThat(ReadinessRules.of(failing.withNewStatus().withFailed(3).endStatus().build()))
        .isEqualTo(Readiness.failed("the job failed 3 times"));
  }

  @Test
  void everythingElseIsReadyOnceTheApiServerHasIt() {
    assertThat(ReadinessRules.of(new ConfigMapBuilder().build())).isEqualTo(Readiness.READY);
  }
}
