package dev.slipway.gate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import dev.slipway.PrometheusStub;
import dev.slipway.TestClock;
import dev.slipway.slo.ServiceLevels;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.JsonNode;

/** The release gate's API over a scripted budget timeline (Prometheus answers from WireMock). */
@PortalTest
@RecordApplicationEvents
public class ReleaseGateIT {

  @LocalServerPort int port;
  @Autowired TestClock clock;
  @Autowired ReleaseGate gate;
  @Autowired ApplicationEvents events;

  /**
   * The application's own strategy: Vaadin installs one JVM-wide, the last context's wins (after
   * DurableProvisioningIT's instances, the static holder is not this context's).
   */
  @Autowired
  org.springframework.beans.factory.ObjectProvider<SecurityContextHolderStrategy> strategies;

  SecurityContextHolderStrategy contexts() {
    return strategies.getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
  }

  @Autowired dev.slipway.slo.ErrorBudgetPolicy budgetPolicy;
  @Autowired ServiceLevels serviceLevels;
  @Autowired dev.slipway.slo.ErrorBudgets budgets;

  @AfterEach
  void reset() {
    PrometheusStub.reset();
    clock.reset();
    contexts().clearContext();
  }

  Api developer() {
    return Api.basic(port, "developer", "developer");
  }

  Api sre() {
    return Api.basic(port, "sre", "sre");
  }

  String gateOf(String id) {
    return "/api/v1/services/" + id + "/release-gate";
  }

  @Test
  void theGateFreezesOnASpentBudgetLetsFixesThroughAndLiftsAboveTheMargin() {
    String id = developer().ready("redis", "gated");
    String service = ServiceLevels.serviceName("gated", UUID.fromString(id));

    PrometheusStub.budget(service, 0.5);
    Api.Response open = developer().get(gateOf(id));
    assertThat(open.status()).isEqualTo(200);
    assertThat(open.json().path("allowed").asBoolean()).isTrue();
    assertThat(open.json().path("state").asString()).isEqualTo("OPEN");
    assertThat(open.json().path("budgetRemaining").asDouble()).isEqualTo(0.5);

    PrometheusStub.budget(service, -0.02);
    Api.Response asked = developer().get(gateOf(id));
    assertThat(asked.status()).as("the budgets call for a freeze").isEqualTo(423);
    assertThat(gate.frozen()).as("asking records nothing").doesNotContain(UUID.fromString(id));
    gate.evaluateAll(); // the recurring evaluation records it
    assertThat(gate.frozen()).contains(UUID.fromString(id));
    Api.Response frozen = developer().get(gateOf(id));
    assertThat(frozen.status()).isEqualTo(423);
    assertThat(frozen.contentType()).startsWith("application/problem+json");
    JsonNode problem = frozen.json();
    assertThat(problem.path("title").asString()).isEqualTo("Release frozen");
    assertThat(problem.path("slo").asString()).isEqualTo("availability");
    assertThat(problem.path("budgetRemaining").asDouble()).isEqualTo(-0.02);
    String since = problem.path("frozenSince").asString();
    assertThat(since).isNotBlank();
    assertThat(problem.path("detail").asString()).contains("Frozen since " + since);
    assertThat(problem.path("type").asString())
        .isEqualTo("https://slipway.dev/problems/release-frozen");
    assertThat(problem.path("status").asInt()).isEqualTo(423);
    assertThat(problem.path("instance").asString()).isEqualTo(gateOf(id));
    assertThat(problem.path("service").asString()).isEqualTo(service);
    assertThat(problem.path("state").asString()).isEqualTo("FROZEN");
    assertThat(problem.path("whenPrometheusIsUnreachable").asString()).isEqualTo("fail-open");

    PrometheusStub.budget(service, 0.03);
    Api.Response stillFrozen = developer().get(gateOf(id));
    assertThat(stillFrozen.status()).as("within the margin").isEqualTo(423);
    assertThat(stillFrozen.json().path("frozenSince").asString()).isEqualTo(since);

    Api.Response fix = developer().get(gateOf(id) + "?change=security-fix");
    assertThat(fix.status()).isEqualTo(200);
    assertThat(fix.json().path("state").asString()).isEqualTo("FROZEN");
    assertThat(fix.json().path("reason").asString()).contains("security fix passes");

    assertThat(developer().get(gateOf(id) + "?change=refactor").status()).isEqualTo(400);

    PrometheusStub.budget(service, 0.2);
    Api.Response lifted = developer().get(gateOf(id));
    assertThat(lifted.status()).isEqualTo(200);
    assertThat(lifted.json().path("state").asString()).isEqualTo("OPEN");
    assertThat(gate.frozen()).as("asking lifts nothing").contains(UUID.fromString(id));
    gate.evaluateAll();
    assertThat(gate.frozen()).doesNotContain(UUID.fromString(id));
  }

  @Test
  void anSreLiftsAFreezeForABoundedTimeWithAReason() {
    String id = developer().ready("redis", "overridden");
    PrometheusStub.budget(ServiceLevels.serviceName("overridden", UUID.fromString(id)), -0.5);
    gate.evaluateAll();
    assertThat(developer().get(gateOf(id)).status()).isEqualTo(423);

    assertThat(
            developer()
                .post(gateOf(id) + "/override", "{\"reason\": \"x\", \"duration\": \"PT1H\"}")
                .status())
        .isEqualTo(403);
    Api.Response invalid = sre().post(gateOf(id) + "/override", "{\"duration\": \"P30D\"}");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.body()).contains("reason").contains("at most PT168H");

    Api.Response overridden =
        sre()
            .post(
                gateOf(id) + "/override",
                "{\"reason\": \"INC-42 hotfix train\", \"duration\": \"PT1H\"}");
    assertThat(overridden.status()).as(overridden.body()).isEqualTo(200);
    assertThat(overridden.json().path("state").asString()).isEqualTo("OVERRIDDEN");
    Api.Response during = developer().get(gateOf(id));
    assertThat(during.status()).isEqualTo(200);
    assertThat(during.json().path("reason").asString()).contains("INC-42 hotfix train");
    assertThat(during.json().path("overrideUntil").asString()).isNotBlank();

    clock.advance(Duration.ofMinutes(61));
    assertThat(developer().get(gateOf(id)).status()).as("the override expired").isEqualTo(423);
  }

  @Test
  void freezeAndLiftAreAnnouncedRetriedAndNeverHoldTheGate() {
    String id = developer().ready("redis", "announced");
    String service = ServiceLevels.serviceName("announced", UUID.fromString(id));
    // The webhook's script first, then the spent budget: the first announcement meets the script.
    PrometheusStub.reset();
    var hook =
        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(PrometheusStub.WEBHOOK);
    String started = com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
    PrometheusStub.server()
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.post(hook)
                .inScenario("webhook")
                .whenScenarioStateIs(started)
                .willReturn(aResponse().withStatus(500).withFixedDelay(1500))
                .willSetStateTo("again"));
    PrometheusStub.server()
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.post(hook)
                .inScenario("webhook")
                .whenScenarioStateIs("again")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
    PrometheusStub.server()
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.post(hook)
                .inScenario("webhook")
                .whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
    PrometheusStub.budgetWithoutReset(service, -0.3);

    long start = System.nanoTime();
    gate.evaluateAll();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("the evaluation does not wait for the webhook")
        .isLessThan(Duration.ofMillis(1400));
    assertThat(developer().get(gateOf(id)).status()).isEqualTo(423);

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                PrometheusStub.server()
                    .verify(
                        3,
                        com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(hook)
                            .withRequestBody(
                                com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                                    "$.text",
                                    com.github.tomakehurst.wiremock.client.WireMock.containing(
                                        service + " is frozen for feature releases")))));

    PrometheusStub.budget(service, 0.5);
    assertThat(developer().get(gateOf(id)).status()).isEqualTo(200);
    gate.evaluateAll();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                PrometheusStub.server()
                    .verify(
                        com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(hook)
                            .withRequestBody(
                                com.github.tomakehurst.wiremock.client.WireMock.containing(
                                    service + " is back within its error budgets"))));
  }

  @Test
  void anSreSetsAServicesOwnThresholds() {
    String id = developer().ready("redis", "strict");
    PrometheusStub.budget(ServiceLevels.serviceName("strict", UUID.fromString(id)), 0.2);
    assertThat(developer().get(gateOf(id)).status()).as("the default freezes at 0").isEqualTo(200);

    assertThat(developer().put(gateOf(id) + "/policy", "{\"freezeAt\": 0.3}").status())
        .isEqualTo(403);
    assertThat(sre().put(gateOf(id) + "/policy", "{\"freezeAt\": 0.5, \"liftMargin\": 0.6}").body())
        .contains("could never lift");
    Api.Response invalid =
        sre().put(gateOf(id) + "/policy", "{\"freezeAt\": 2, \"liftMargin\": -1}");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.body()).contains("freezeAt").contains("liftMargin");

    Api.Response set = sre().put(gateOf(id) + "/policy", "{\"freezeAt\": 0.3}");
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().path("freezeAt").asDouble()).isEqualTo(0.3);
    assertThat(set.json().path("liftMargin").asDouble()).as("still the default").isEqualTo(0.05);
    assertThat(developer().get(gateOf(id) + "/policy").json().path("freezeAt").asDouble())
        .isEqualTo(0.3);
    assertThat(developer().get(gateOf(id)).status())
        .as("20 % left is now too little")
        .isEqualTo(423);
  }

  @Test
  void aFeatureReleaseToAFrozenServiceIsRefusedWithTheSameReasonAndAFixShips() {
    String id = developer().ready("redis", "shop-v1");
    PrometheusStub.budget(ServiceLevels.serviceName("shop-v1", UUID.fromString(id)), -0.4);
    gate.evaluateAll();

    Api.Response refused =
        developer()
            .post(
                "/api/v1/environments",
                "{\"template\": \"redis\", \"name\": \"shop-v2\", \"releaseOf\": \"" + id + "\"}");
    assertThat(refused.status()).isEqualTo(423);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().path("slo").asString()).isEqualTo("availability");
    Api.Response atTheGate = developer().get(gateOf(id));
    assertThat(refused.json().path("detail").asString())
        .isEqualTo(atTheGate.json().path("detail").asString());
    // One answer, wherever the question came from: the same fields, the same values.
    assertThat(refused.json().propertyNames())
        .containsExactlyInAnyOrderElementsOf(atTheGate.json().propertyNames())
        .contains(
            "type",
            "title",
            "status",
            "detail",
            "instance",
            "service",
            "state",
            "slo",
            "frozenSince",
            "budgetRemaining",
            "whenPrometheusIsUnreachable");
    for (String field :
        new String[] {
          "type",
          "title",
          "status",
          "service",
          "state",
          "slo",
          "frozenSince",
          "budgetRemaining",
          "whenPrometheusIsUnreachable"
        }) {
      assertThat(refused.json().path(field)).as(field).isEqualTo(atTheGate.json().path(field));
    }
    assertThat(refused.json().path("title").asString()).isEqualTo("Release frozen");
    assertThat(refused.json().path("instance").asString()).isEqualTo("/api/v1/environments");
    assertThat(developer().get("/api/v1/environments").body()).doesNotContain("shop-v2");

    Api.Response fix =
        developer()
            .post(
                "/api/v1/environments",
                "{\"template\": \"redis\", \"name\": \"shop-v2\", \"releaseOf\": \""
                    + id
                    + "\", \"change\": \"reliability-fix\"}");
    assertThat(fix.status()).as(fix.body()).isEqualTo(202);

    assertThat(
            developer()
                .post(
                    "/api/v1/environments",
                    "{\"template\": \"redis\", \"name\": \"shop-v3\", \"change\": \"feature\"}")
                .status())
        .as("change without releaseOf")
        .isEqualTo(400);
  }

  @Test
  void plannedWindowsAreLeftOutOfTheBudgetAndTheGateSaysSo() {
    String id = developer().ready("redis", "load-tested");
    PrometheusStub.budget(ServiceLevels.serviceName("load-tested", UUID.fromString(id)), -2.0);
    assertThat(developer().get(gateOf(id)).status()).isEqualTo(423);

    java.time.Instant now =
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    java.time.Instant from = now.minus(Duration.ofHours(3));
    java.time.Instant to = now.minus(Duration.ofHours(1));
    // The SLI's 5-minute error ratio: 0.05 % outside the load test, 5 % during it.
    StringBuilder values = new StringBuilder();
    for (java.time.Instant t = now.minus(Duration.ofHours(6));
        t.isBefore(now);
        t = t.plus(Duration.ofMinutes(5))) {
      boolean during = !t.isBefore(from) && t.isBefore(to);
      values
          .append(values.isEmpty() ? "" : ",")
          .append("[")
          .append(t.getEpochSecond())
          .append(",\"")
          .append(during ? "0.05" : "0.0005")
          .append("\"]");
    }
    PrometheusStub.server()
        .stubFor(
            get(urlPathEqualTo("/api/v1/query_range"))
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":["
                                + values
                                + "]}]}}")));

    String window =
        "{\"from\": \"" + from + "\", \"to\": \"" + to + "\", \"reason\": \"load test LT-7\"}";
    assertThat(developer().post(gateOf(id) + "/exclusions", window).status()).isEqualTo(403);
    Api.Response invalid =
        sre()
            .post(
                gateOf(id) + "/exclusions", "{\"from\": \"" + to + "\", \"to\": \"" + from + "\"}");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.body()).contains("reason").contains("must be after from");
    assertThat(sre().post(gateOf(id) + "/exclusions", window).status()).isEqualTo(201);
    assertThat(developer().get(gateOf(id) + "/exclusions").json().get(0).path("reason").asString())
        .isEqualTo("load test LT-7");

    Api.Response open = developer().get(gateOf(id));
    assertThat(open.status()).as(open.body()).isEqualTo(200);
    assertThat(open.json().path("budgetRemaining").asDouble())
        .isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(open.json().path("reason").asString())
        .endsWith("Budgets leave out 1 planned window.");

    // slo's service page learns the same through the port the gate provides.
    contexts()
        .getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                "sre", null, java.util.List.of(new SimpleGrantedAuthority("ROLE_SRE"))));
    UUID environment = UUID.fromString(id);
    assertThat(budgetPolicy.freeze(environment)).as("back within budget").isEmpty();
    assertThat(budgetPolicy.leftOut(environment))
        .hasValue("Budgets leave out " + from + " to " + to + " (load test LT-7, sre).");
    assertThat(
            budgetPolicy
                .budgetsLeft(environment, serviceLevels.visibleOf(environment), budgets.fleet())
                .get("availability"))
        .isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void prometheusUnreachableFailsOpenAndSaysSo() {
    String id = developer().ready("redis", "blind");
    PrometheusStub.server()
        .stubFor(
            get(urlPathEqualTo("/api/v1/query"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(503)));
    Api.Response answer = developer().get(gateOf(id));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("state").asString()).isEqualTo("UNKNOWN");
    assertThat(answer.json().path("whenPrometheusIsUnreachable").asString()).isEqualTo("fail-open");
    assertThat(answer.json().path("reason").asString()).contains("fails open");
  }

  @Test
  void othersServicesAreNotFoundAndDecisionsAreEvents() {
    String id = sre().ready("redis", "sres-gate");
    assertThat(developer().get(gateOf(id)).status()).isEqualTo(404);
    assertThat(developer().get("/api/v1/services/not-an-id/release-gate").status()).isEqualTo(404);

    PrometheusStub.budget(ServiceLevels.serviceName("sres-gate", UUID.fromString(id)), -0.1);
    contexts()
        .getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                "sre", null, java.util.List.of(new SimpleGrantedAuthority("ROLE_SRE"))));
    contexts()
        .getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                "auditor", null, java.util.List.of(new SimpleGrantedAuthority("ROLE_AUDITOR"))));
    assertThat(gate.check(UUID.fromString(id), GatePolicy.Change.FEATURE).decision().allowed())
        .isFalse();
    assertThat(events.stream(ReleaseGateEvents.GateDecided.class))
        .as("an auditor's look is a status read, not a decision")
        .noneMatch(e -> e.environment().toString().equals(id));
    contexts()
        .getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                "sre", null, java.util.List.of(new SimpleGrantedAuthority("ROLE_SRE"))));
    ReleaseGate.Result result = gate.check(UUID.fromString(id), GatePolicy.Change.FEATURE);
    assertThat(result.decision().allowed()).isFalse();
    assertThat(events.stream(ReleaseGateEvents.GateDecided.class))
        .anyMatch(e -> e.environment().toString().equals(id) && !e.allowed());
    assertThat(events.stream(ReleaseGateEvents.ServiceFrozen.class))
        .as("a pipeline's question is a recorded decision, not a change of the gate's state")
        .noneMatch(e -> e.environment().toString().equals(id));
    gate.evaluateAll();
    assertThat(events.stream(ReleaseGateEvents.ServiceFrozen.class))
        .anyMatch(e -> e.environment().toString().equals(id) && e.slo().equals("availability"));
  }
}
