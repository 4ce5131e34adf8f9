package dev.slipway.provisioning;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import dev.slipway.Api;
import dev.slipway.Karibu;
import dev.slipway.PortalTest;
import dev.slipway.cluster.internal.ClusterConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** Templates that need an SRE's approval: requests wait, SREs approve or reject with a reason. */
@PortalTest
class ApprovalIT {

  @LocalServerPort int port;
  @Autowired ClusterConnection cluster;
  @Autowired ApplicationContext context;
  @Autowired EnvironmentLifecycle lifecycle;
  @Autowired com.github.kagkarlsson.scheduler.SchedulerClient scheduler;
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
    assertThat(rejected.json().path("status").asString()).isEqualTo("REJECTED");
    assertThat(rejected.json().path("statusReason").asString())
        .isEqualTo("Rejected by sre: use the shared staging database");
    assertThat(cluster.client().namespaces().withName("env-not-approved").get()).isNull();

    requested("not-approved");
  }

  @Test
  void aRejectedRequestIsFinalAndCannotBeRetriedIntoAnEnvironment() {
    String id = requested("rejected-for-good");
    assertThat(
            sre.post("/api/v1/environments/" + id + "/reject", "{\"reason\": \"not this week\"}")
                .status())
        .isEqualTo(200);

    Api.Response retried = developer.post("/api/v1/environments/" + id + "/retry", "");
    assertThat(retried.status()).as(retried.body()).isEqualTo(409);
    Api.Response deleted = developer.delete("/api/v1/environments/" + id);
    assertThat(deleted.status()).isEqualTo(409);
    assertThat(deleted.json().path("detail").asString()).contains("was rejected");
    assertThat(developer.get("/api/v1/environments/" + id).json().path("status").asString())
        .isEqualTo("REJECTED");
    assertThat(cluster.client().namespaces().withName("env-rejected-for-good").get()).isNull();

    Karibu.signIn(context, "developer", "DEVELOPER");
    try {
      UI.getCurrent().navigate("environments/" + id);
      assertThat(_get(Span.class, spec -> spec.withId("environment-status")).getText())
          .isEqualTo("rejected");
      _assertNone(Button.class, spec -> spec.withId("retry-environment"));
      _assertNone(Button.class, spec -> spec.withId("delete-environment"));
    } finally {
      Karibu.signOut();
    }
  }

  @Test
  void aFailedEnvironmentOfATemplateThatNeedsApprovalWaitsForApprovalAgainWhenRetried() {
    String id = requested("fails-once");
    cluster
        .sandbox()
        .server()
        .expect()
        .post()
        .withPath("/api/v1/namespaces/env-fails-once/secrets")
        .andReturn(
            403,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(403)
                .withMessage("secrets is forbidden: exceeded quota")
                .build())
        .once();
    Karibu.signIn(context, "sre-two", "SRE");
    try {
      lifecycle.approve(java.util.UUID.fromString(id));
    } finally {
      Karibu.signOut();
    }
    // FAILED, and its durable cleanup done: what it made is gone before it is retried.
    developer.awaitCleanedUp(id);

    Api.Response retried = developer.post("/api/v1/environments/" + id + "/retry", "");
    assertThat(retried.status()).as(retried.body()).isEqualTo(202);
    assertThat(retried.json().path("status").asString()).isEqualTo("AWAITING_APPROVAL");
    assertThat(retried.json().path("statusReason").asString())
        .startsWith("Retried by developer")
        .contains("approve");
    assertThat(scheduler.getScheduledExecutionsForTask(ProvisioningQueue.PROVISION.getTaskName()))
        .as("nothing queued for the cluster")
        .noneMatch(e -> e.getTaskInstance().getId().contains(id));
    assertThat(cluster.client().namespaces().withName("env-fails-once").get()).isNull();
  }

  @Test
  void nobodyApprovesTheirOwnRequest() {
    Api.Response own =
        sre.post(
            "/api/v1/environments",
            "{\"template\": \"postgresql\", \"name\": \"my-own\", \"parameters\":"
                + " {\"POSTGRESQL_DATABASE\": \"mine\"}}");
    assertThat(own.status()).as(own.body()).isEqualTo(202);
    String id = own.json().path("id").asString();

    Api.Response self = sre.post("/api/v1/environments/" + id + "/approve", "");
    assertThat(self.status()).isEqualTo(403);
    assertThat(self.json().path("detail").asString())
        .contains("another SRE must approve it")
        .contains("allow-self-approval");
    assertThat(sre.get("/api/v1/environments/" + id).json().path("status").asString())
        .isEqualTo("AWAITING_APPROVAL");

    Karibu.signIn(context, "sre", "SRE");
    try {
      UI.getCurrent().navigate("environments/" + id);
      _assertNone(Button.class, spec -> spec.withId("approve-environment"));
      assertThat(_get(Paragraph.class, spec -> spec.withId("four-eyes")).getText())
          .contains("another SRE must approve it");
    } finally {
      Karibu.signOut();
    }

    Karibu.signIn(context, "sre-two", "SRE");
    try {
      assertThat(lifecycle.approve(java.util.UUID.fromString(id)).status())
          .isIn(
              EnvironmentStatus.REQUESTED, EnvironmentStatus.PROVISIONING, EnvironmentStatus.READY);
    } finally {
      Karibu.signOut();
    }
    sre.awaitStatus(id, "READY");
  }
}
