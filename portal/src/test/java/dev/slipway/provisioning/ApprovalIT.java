package dev.slipway.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import dev.slipway.cluster.internal.ClusterConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Templates that need an SRE's approval: requests wait, SREs approve or reject with a reason. */
@PortalTest
class ApprovalIT {

  @LocalServerPort int port;
  @Autowired ClusterConnection cluster;
  Api developer;
  Api sre;

  @BeforeEach
  void approvalRequired() {
    developer = Api.basic(port, "developer", "developer");
    sre = Api.basic(port, "sre", "sre");
    assertThat(
            sre.put("/api/v1/templates/postgresql/policy", "{\"approvalRequired\": true}").status())
        .isEqualTo(200);
  }

  @AfterEach
  void open() {
    sre.put("/api/v1/templates/postgresql/policy", "{}");
  }

  private String requested(String name) {
    Api.Response response =
        developer.post(
            "/api/v1/environments",
            "{\"template\": \"postgresql\", \"name\": \""
                + name
                + "\", \"parameters\": {\"POSTGRESQL_DATABASE\": \"orders\"}}");
    assertThat(response.status()).as(response.body()).isEqualTo(202);
    assertThat(response.json().path("status").asString()).isEqualTo("AWAITING_APPROVAL");
    return response.json().path("id").asString();
  }

  @Test
  void aRequestWaitsUntilAnSreApprovesItThenIsCreatedAsRequested() {
    String id = requested("needs-approval");
    assertThat(cluster.client().namespaces().withName("env-needs-approval").get())
        .as("nothing in the cluster while it waits")
        .isNull();
    assertThat(developer.post("/api/v1/environments/" + id + "/approve", "").status())
        .isEqualTo(403);
    Api.Response taken =
        developer.post(
            "/api/v1/environments", "{\"template\": \"postgresql\", \"name\": \"needs-approval\"}");
    assertThat(taken.status()).as("a waiting request holds its name").isEqualTo(409);

    Api.Response approved = sre.post("/api/v1/environments/" + id + "/approve", "");
    assertThat(approved.status()).as(approved.body()).isEqualTo(202);
    developer.awaitStatus(id, "READY");

    var secret =
        cluster.client().secrets().inNamespace("env-needs-approval").withName("postgresql").get();
    assertThat(secret.getStringData()).containsEntry("database-name", "orders");
    assertThat(secret.getStringData().get("database-password")).matches("[a-zA-Z0-9]{16}");
    assertThat(sre.post("/api/v1/environments/" + id + "/approve", "").status())
        .as("approved once")
        .isEqualTo(409);
  }

  @Test
  void aWaitingRequestIsWithdrawnWithoutTouchingTheCluster() {
    String id = requested("withdrawn");
    Api.Response deleted = developer.delete("/api/v1/environments/" + id);
    assertThat(deleted.status()).isEqualTo(202);
    assertThat(deleted.json().path("status").asString()).isEqualTo("DELETED");
    assertThat(deleted.json().path("statusReason").asString()).startsWith("Withdrawn by developer");
  }

  @Test
  void anSreRejectsWithAReasonAndTheNameIsFreeAgain() {
    String id = requested("not-approved");

    Api.Response noReason = sre.post("/api/v1/environments/" + id + "/reject", "{}");
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.body()).contains("\"field\":\"reason\"");

    Api.Response rejected =
        sre.post(
            "/api/v1/environments/" + id + "/reject",
            "{\"reason\": \"use the shared staging database\"}");
    assertThat(rejected.status()).isEqualTo(200);
    assertThat(rejected.json().path("status").asString()).isEqualTo("FAILED");
    assertThat(rejected.json().path("statusReason").asString())
        .isEqualTo("Rejected by sre: use the shared staging database");
    assertThat(cluster.client().namespaces().withName("env-not-approved").get()).isNull();

    requested("not-approved");
  }
}
