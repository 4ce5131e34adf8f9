package dev.slipway.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import dev.slipway.TestClock;
import dev.slipway.cluster.internal.ClusterConnection;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The engine's promises under faults it can meet in one process: an overloaded API server is waited
 * out, a second execution of an environment waits for the lease and a holder that lost it stops, a
 * deletion left without its task is resumed. The real-process suite (reliability package) adds dead
 * instances, a refusing API server and a restarting database.
 */
@PortalTest
class ResilienceIT {

  static final String ONE_CONFIG_MAP =
      """
      apiVersion: template.openshift.io/v1
      kind: Template
      metadata: {name: resilient}
      objects:
        - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {mode: steady}}
      """;

  @LocalServerPort int port;
  @Autowired ClusterConnection cluster;
  @Autowired EnvironmentLeases leases;
  @Autowired EnvironmentExpiry expiry;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  Api developer;

  @BeforeEach
  void template() {
    developer = Api.basic(port, "developer", "developer");
    Api sre = Api.basic(port, "sre", "sre");
    if (sre.get("/api/v1/templates/resilient").status() == 404) {
      assertThat(sre.post("/api/v1/templates?publish=true", ONE_CONFIG_MAP).status())
          .isEqualTo(201);
    }
  }

  private void overload(String namespace, int status, int times) {
    cluster
        .sandbox()
        .server()
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + namespace + "/configmaps")
        .andReturn(status, new StatusBuilder().withCode(status).withMessage("overloaded").build())
        .times(times);
  }

  @Test
  void anApiServerThatAnswers503AndThrottlesForAWhileIsWaitedOutNotTurnedIntoAFailure() {
    // Six failures in a row: the former five attempts would have failed the environment.
    overload("env-outlasted", 503, 4);
    overload("env-outlasted", 429, 2);

    String id = developer.ready("{\"template\": \"resilient\", \"name\": \"outlasted\"}");

    assertThat(
            cluster.client().configMaps().inNamespace("env-outlasted").withName("settings").get())
        .isNotNull();
    assertThat(developer.get("/api/v1/environments/" + id).json().path("statusReason").asString())
        .doesNotContain("overloaded");
  }

  @Test
  void aLeaseIsHeldByOneExecutionAtATimeAndItsHolderStopsOnceItLostIt() {
    UUID id =
        UUID.fromString(developer.ready("{\"template\": \"resilient\", \"name\": \"fenced\"}"));

    EnvironmentLeases.Lease first = leases.take(id).orElseThrow();
    assertThat(leases.take(id)).as("held: a revived duplicate waits").isEmpty();
    first.check();

    // The holder froze for longer than its lease (renewal stopped): the lease runs out.
    jdbc.sql("update environment set lease_until = now() - interval '1 second' where id = :id")
        .param("id", id)
        .update();
    EnvironmentLeases.Lease second = leases.take(id).orElseThrow();
    assertThatThrownBy(first::check)
        .as("the former holder stops at its next step instead of acting")
        .isInstanceOf(EnvironmentLeases.LeaseLost.class);
    assertThatThrownBy(() -> first.record(0, ObjectStatus.FAILED, "late"))
        .as("nor does it record a step")
        .isInstanceOf(EnvironmentLeases.LeaseLost.class);
    assertThat(
            developer
                .get("/api/v1/environments/" + id)
                .json()
                .path("objects")
                .get(0)
                .path("status")
                .asString())
        .isEqualTo("READY");
    second.record(0, ObjectStatus.READY, "");
    first.close(); // releasing a lease it lost leaves the new holder's alone
    assertThat(leases.take(id)).isEmpty();
    second.check();
    second.close();
    leases.take(id).orElseThrow().close();
  }

  @Test
  void provisioningWaitsWhileAnotherExecutionHoldsTheEnvironmentsLease() {
    cluster
        .sandbox()
        .server()
        .expect()
        .post()
        .withPath("/api/v1/namespaces/env-waited/configmaps")
        .andReturn(422, new StatusBuilder().withCode(422).withMessage("refused once").build())
        .always();
    String id =
        developer
            .post("/api/v1/environments", "{\"template\": \"resilient\", \"name\": \"waited\"}")
            .json()
            .path("id")
            .asString();
    developer.awaitCleanedUp(id);
    cluster.sandbox().server().clearExpectations();

    EnvironmentLeases.Lease held = leases.take(UUID.fromString(id)).orElseThrow();
    assertThat(developer.post("/api/v1/environments/" + id + "/retry", "").status()).isEqualTo(202);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> developer.get("/api/v1/environments/" + id).json().path("status").asString(),
            "REQUESTED"::equals);
    held.close();

    developer.awaitStatus(id, "READY");
  }

  @Test
  void aDeletionLeftWithoutItsTaskIsResumedByTheExpirySweep() {
    String id = developer.ready("{\"template\": \"resilient\", \"name\": \"stranded\"}");
    // As an older version left it after an outage outlasted its retries: DELETING, no task.
    jdbc.sql("update environment set status = 'DELETING', updated_at = :at where id = :id")
        .param("at", java.sql.Timestamp.from(clock.instant().minus(Duration.ofHours(1))))
        .param("id", UUID.fromString(id))
        .update();

    expiry.run();

    developer.awaitStatus(id, "DELETED");
    assertThat(cluster.client().namespaces().withName("env-stranded").get()).isNull();
  }
}
