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

  private static final io.fabric8.kubernetes.client.utils.KubernetesSerialization JSON =
      new io.fabric8.kubernetes.client.utils.KubernetesSerialization();

  /**
   * An object as the API server writes it (its exact JSON), read by fabric8 as the gateway does.
   */
  private static Readiness readinessOf(String json) {
    return ReadinessRules.of(
        JSON.unmarshal(json, io.fabric8.kubernetes.api.model.HasMetadata.class));
  }

  @Test
  void aDeploymentWhoseControllerHasNotSeenItsSpecYetIsWaitingWhateverItsReplicasSay() {
    assertThat(
            readinessOf(
                """
                {"apiVersion": "apps/v1", "kind": "Deployment",
                 "metadata": {"name": "web", "generation": 3},
                 "spec": {"replicas": 1},
                 "status": {"observedGeneration": 2, "replicas": 1, "updatedReplicas": 1,
                            "readyReplicas": 1, "availableReplicas": 1}}
                """))
        .isEqualTo(Readiness.waiting("its controller has not observed generation 3 yet (at 2)"));
  }

  @Test
  void aDeploymentPastItsProgressDeadlineHasFailed() {
    Readiness readiness =
        readinessOf(
            """
            {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": "web", "generation": 1},
             "spec": {"replicas": 2},
             "status": {"observedGeneration": 1, "replicas": 2, "updatedReplicas": 2,
                        "unavailableReplicas": 2,
                        "conditions": [
                          {"type": "Available", "status": "False",
                           "reason": "MinimumReplicasUnavailable",
                           "message": "Deployment does not have minimum availability."},
                          {"type": "Progressing", "status": "False",
                           "reason": "ProgressDeadlineExceeded",
                           "message": "ReplicaSet web-7d9c has timed out progressing."}]}}
            """);
    assertThat(readiness.failed()).isTrue();
    assertThat(readiness.message())
        .isEqualTo(
            "its rollout stopped (ProgressDeadlineExceeded: ReplicaSet web-7d9c has timed"
                + " out progressing.)");
  }

  @Test
  void aDeploymentMidRolloutWaitsForItsUpdatedReplicas() {
    assertThat(
            readinessOf(
                """
                {"apiVersion": "apps/v1", "kind": "Deployment",
                 "metadata": {"name": "web", "generation": 2},
                 "spec": {"replicas": 3},
                 "status": {"observedGeneration": 2, "replicas": 4, "updatedReplicas": 1,
                            "readyReplicas": 3, "availableReplicas": 3,
                            "conditions": [{"type": "Progressing", "status": "True",
                                            "reason": "ReplicaSetUpdated"}]}}
                """))
        .isEqualTo(Readiness.waiting("1 of 3 replicas updated"));
  }

  @Test
  void aStatefulSetIsReadyOnlyOnceItsUpdateRevisionIsTheCurrentOne() {
    String rolling =
        """
        {"apiVersion": "apps/v1", "kind": "StatefulSet",
         "metadata": {"name": "db", "generation": 2},
         "spec": {"replicas": 2},
         "status": {"observedGeneration": 2, "replicas": 2, "readyReplicas": 2,
                    "currentReplicas": 1, "updatedReplicas": 1,
                    "currentRevision": "db-5b7f", "updateRevision": "db-6c8d"}}
        """;
    assertThat(readinessOf(rolling)).isEqualTo(Readiness.waiting("1 of 2 replicas updated"));
    assertThat(
            readinessOf(
                rolling
                    .replace("\"updatedReplicas\": 1", "\"updatedReplicas\": 2")
                    .replace(
                        "\"currentRevision\": \"db-5b7f\"", "\"currentRevision\": \"db-6c8d\"")))
        .isEqualTo(Readiness.READY);
  }

  @Test
  void aDeploymentConfigFollowsOpenShiftsRolloutRules() {
    String config =
        """
        {"apiVersion": "apps.openshift.io/v1", "kind": "DeploymentConfig",
         "metadata": {"name": "frontend", "generation": 4},
         "spec": {"replicas": 2, "selector": {"name": "frontend"}},
         "status": {"observedGeneration": 4, "latestVersion": 2, "replicas": 2,
                    "updatedReplicas": 2, "availableReplicas": AVAILABLE,
                    "unavailableReplicas": 0,
                    "conditions": [
                      {"type": "Available", "status": "True",
                       "reason": "MinimumReplicasAvailable"},
                      {"type": "Progressing", "status": "PROGRESSING",
                       "reason": "REASON",
                       "message": "MESSAGE"}]}}
        """;
    assertThat(
            readinessOf(
                config
                    .replace("AVAILABLE", "2")
                    .replace("PROGRESSING", "True")
                    .replace("REASON", "NewReplicationControllerAvailable")
                    .replace(
                        "MESSAGE", "replication controller frontend-2 successfully rolled out")))
        .isEqualTo(Readiness.READY);
    assertThat(
            readinessOf(
                config
                    .replace("AVAILABLE", "1")
                    .replace("PROGRESSING", "True")
                    .replace("REASON", "ReplicationControllerUpdated")
                    .replace("MESSAGE", "replication controller frontend-2 is progressing")))
        .isEqualTo(Readiness.waiting("1 of 2 replicas available"));
    Readiness failed =
        readinessOf(
            config
                .replace("AVAILABLE", "0")
                .replace("PROGRESSING", "False")
                .replace("REASON", "ProgressDeadlineExceeded")
                .replace("MESSAGE", "replication controller frontend-2 has failed progressing"));
    assertThat(failed.failed()).isTrue();
    assertThat(failed.message()).startsWith("its rollout failed (ProgressDeadlineExceeded: ");
  }

  @Test
  void aJobWithThreeCompletionsIsReadyByItsCompleteConditionNotItsFirstSuccess() {
    String job =
        """
        {"apiVersion": "batch/v1", "kind": "Job",
         "metadata": {"name": "seed"},
         "spec": {"completions": 3, "parallelism": 1, "backoffLimit": 2},
         "status": STATUS}
        """;
    assertThat(readinessOf(job.replace("STATUS", "{\"active\": 1, \"succeeded\": 1}")))
        .isEqualTo(Readiness.waiting("1 of 3 completions succeeded"));
    assertThat(
            readinessOf(
                job.replace(
                    "STATUS",
                    "{\"succeeded\": 3, \"conditions\": [{\"type\": \"Complete\","
                        + " \"status\": \"True\"}]}")))
        .isEqualTo(Readiness.READY);
    Readiness failed =
        readinessOf(
            job.replace(
                "STATUS",
                "{\"succeeded\": 1, \"failed\": 3, \"conditions\": [{\"type\": \"Failed\","
                    + " \"status\": \"True\", \"reason\": \"BackoffLimitExceeded\","
                    + " \"message\": \"Job has reached the specified backoff limit\"}]}"));
    assertThat(failed.failed()).isTrue();
    assertThat(failed.message())
        .isEqualTo(
            "the job failed (BackoffLimitExceeded: Job has reached the specified backoff limit)");
  }
}
