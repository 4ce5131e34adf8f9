package dev.slipway.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import dev.slipway.TestClock;
import dev.slipway.cluster.internal.ClusterConnection;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentExpired;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentExpiring;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.JsonNode;

/** Time-to-live: the template's limits, extension, notice ahead of expiry, expiry itself. */
@PortalTest
@RecordApplicationEvents
class EnvironmentExpiryIT {

  @LocalServerPort int port;
  @Autowired TestClock clock;
  @Autowired EnvironmentExpiry expiry;
  @Autowired ClusterConnection cluster;
  @Autowired ApplicationEvents events;
  @Autowired com.github.kagkarlsson.scheduler.SchedulerClient scheduler;

  @Test
  void theExpiryCheckIsARecurringTaskOfTheScheduler() {
    // One row for the whole installation: whichever instance picks it runs the check.
    assertThat(scheduler.getScheduledExecutionsForTask("expire-environments")).hasSize(1);
  }

  Api developer;
  Api sre;

  @BeforeEach
  void clients() {
    developer = Api.basic(port, "developer", "developer");
    sre = Api.basic(port, "sre", "sre");
  }

  @AfterEach
  void backToNow() {
    clock.reset();
    sre.put("/api/v1/templates/redis/policy", "{}");
  }

  private String status(String id) {
    return developer.get("/api/v1/environments/" + id).json().path("status").asString();
  }

  @Test
  void ownersAreToldAheadAndTheEnvironmentIsDeletedWhenItExpires() {
    String id =
        developer.ready("{\"template\": \"redis\", \"name\": \"short-ttl\", \"ttl\": \"P2D\"}");

    clock.advance(Duration.ofHours(25));
    expiry.run(); // other tests' environments share this database: judge this one only
    assertThat(events.stream(EnvironmentExpiring.class).filter(e -> e.id().toString().equals(id)))
        .hasSize(1);
    expiry.run();
    assertThat(events.stream(EnvironmentExpiring.class).filter(e -> e.id().toString().equals(id)))
        .as("told once")
        .hasSize(1);
    assertThat(status(id)).isEqualTo("READY");

    clock.advance(Duration.ofHours(24));
    expiry.run();
    assertThat(events.stream(EnvironmentExpired.class).filter(e -> e.id().toString().equals(id)))
        .hasSize(1);
    await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("DELETED"));
    assertThat(developer.get("/api/v1/environments/" + id).json().path("statusReason").asString())
        .contains("deleted");
    assertThat(cluster.client().namespaces().withName("env-short-ttl").get()).isNull();
    assertThat(
            cluster
                .client()
                .secrets()
                .inNamespace("env-short-ttl")
                .withLabel("slipway.dev/environment", id)
                .list()
                .getItems())
        .isEmpty();
  }

  @Test
  void anOwnerExtendsUpToTheMaximumAndIsToldTheLimit() {
    String id =
        developer.ready("{\"template\": \"redis\", \"name\": \"extend-me\", \"ttl\": \"PT1H\"}");

    Api.Response extended =
        developer.post("/api/v1/environments/" + id + "/extend", "{\"ttl\": \"P5D\"}");
    assertThat(extended.status()).as(extended.body()).isEqualTo(200);
    Instant expiresAt = Instant.parse(extended.json().path("expiresAt").asString());
    assertThat(expiresAt)
        .isBetween(
            Instant.now().plus(Duration.ofDays(5)).minusSeconds(60),
            Instant.now().plus(Duration.ofDays(5)).plusSeconds(60));

    Api.Response tooLong =
        developer.post("/api/v1/environments/" + id + "/extend", "{\"ttl\": \"P45D\"}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().path("detail").asString()).contains("maximum of 30 days from now");
    assertThat(tooLong.json().path("errors").get(0).path("field").asString()).isEqualTo("ttl");

    Api.Response byAnAuditor =
        Api.basic(port, "auditor", "auditor")
            .post("/api/v1/environments/" + id + "/extend", "{\"ttl\": \"P1D\"}");
    assertThat(byAnAuditor.status()).isEqualTo(403);
  }

  @Test
  void extendingNeverShortensUnlessAskedAndIsAHistoryRowWithTheExpiryBeforeAndAfter() {
    String id =
        developer.ready("{\"template\": \"redis\", \"name\": \"keep-longer\", \"ttl\": \"P3D\"}");
    Instant before =
        Instant.parse(
            developer.get("/api/v1/environments/" + id).json().path("expiresAt").asString());

    // The old default of the dialog: "P1D" from now would have cut three days to one.
    Api.Response shorter =
        developer.post("/api/v1/environments/" + id + "/extend", "{\"ttl\": \"P1D\"}");
    assertThat(shorter.status()).as(shorter.body()).isEqualTo(400);
    assertThat(shorter.json().path("errors").get(0).path("field").asString()).isEqualTo("ttl");
    assertThat(shorter.json().path("detail").asString()).contains("would move the expiry earlier");
    assertThat(
            Instant.parse(
                developer.get("/api/v1/environments/" + id).json().path("expiresAt").asString()))
        .as("unchanged")
        .isEqualTo(before);

    Api.Response longer =
        developer.post("/api/v1/environments/" + id + "/extend", "{\"by\": \"P1D\"}");
    assertThat(longer.status()).as(longer.body()).isEqualTo(200);
    Instant after = Instant.parse(longer.json().path("expiresAt").asString());
    assertThat(after).isEqualTo(before.plus(Duration.ofDays(1)));
    JsonNode recorded =
        Api.basic(port, "auditor", "auditor")
            .get("/api/v1/audit?environment=" + id + "&type=EnvironmentExtended")
            .json()
            .path("events");
    assertThat(recorded).as("one event, in the ledger").hasSize(1);
    assertThat(recorded.get(0).path("before").asString()).contains(before.toString());
    assertThat(recorded.get(0).path("after").asString()).contains(after.toString());
    JsonNode history = developer.get("/api/v1/environments/" + id + "/history").json();
    assertThat(history.get(history.size() - 1).path("reason").asString())
        .startsWith("Extended by developer")
        .contains(ExpiryChange.shown(after))
        .contains(ExpiryChange.shown(before));

    Api.Response shortened =
        developer.post(
            "/api/v1/environments/" + id + "/extend", "{\"ttl\": \"PT6H\", \"shorten\": true}");
    assertThat(shortened.status()).as(shortened.body()).isEqualTo(200);
    assertThat(Instant.parse(shortened.json().path("expiresAt").asString())).isBefore(after);

    Api.Response two =
        developer.post(
            "/api/v1/environments/" + id + "/extend", "{\"by\": \"P1D\", \"ttl\": \"P2D\"}");
    assertThat(two.status()).isEqualTo(400);
    Api.Response none = developer.post("/api/v1/environments/" + id + "/extend", "{}");
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.json().path("errors").get(0).path("field").asString()).isEqualTo("by");
  }

  @Test
  void theTemplatePolicySetsTheDefaultAndTheMaximum() {
    assertThat(
            sre.put(
                    "/api/v1/templates/redis/policy",
                    "{\"defaultTtl\": \"PT6H\", \"maxTtl\": \"P7D\"}")
                .status())
        .isEqualTo(200);

    Api.Response refused =
        developer.post(
            "/api/v1/environments",
            "{\"template\": \"redis\", \"name\": \"too-long\", \"ttl\": \"P10D\"}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("detail").asString())
        .contains("maximum of 7 days (P7D) that template redis allows");

    String id = developer.ready("{\"template\": \"redis\", \"name\": \"policy-default\"}");
    JsonNode environment = developer.get("/api/v1/environments/" + id).json();
    Duration lifetime =
        Duration.between(
            Instant.parse(environment.path("requestedAt").asString()),
            Instant.parse(environment.path("expiresAt").asString()));
    assertThat(lifetime).isEqualTo(Duration.ofHours(6));

    assertThat(
            developer.post("/api/v1/environments/" + id + "/extend", "{\"ttl\": \"P8D\"}").status())
        .isEqualTo(400);
    assertThat(
            developer.post("/api/v1/environments/" + id + "/extend", "{\"ttl\": \"P7D\"}").status())
        .isEqualTo(200);
  }
}
