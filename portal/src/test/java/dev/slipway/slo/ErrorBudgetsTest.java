package dev.slipway.slo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Error budgets from Prometheus' HTTP API, served by WireMock in Prometheus' response format. */
class ErrorBudgetsTest {

  WireMockServer prometheus = new WireMockServer(wireMockConfig().dynamicPort());
  Clock clock = Clock.fixed(Instant.parse("2026-11-25T02:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void start() {
    prometheus.start();
  }

  @AfterEach
  void stop() {
    prometheus.stop();
  }

  static String fixture(String name) {
    try {
      return Files.readString(Path.of("src/test/resources/prometheus/" + name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void answer(String query, String fixture) {
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .withQueryParam("query", equalTo(query))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(fixture(fixture))));
  }

  ErrorBudgets budgets(String token) {
    return new ErrorBudgets(
        new PrometheusProperties(
            prometheus.baseUrl(), token, null, null, Duration.ofSeconds(10), Duration.ofMinutes(1)),
        clock);
  }

  void fleetAnswers() {
    answer(ErrorBudgets.REMAINING, "remaining.json");
    answer(ErrorBudgets.BURN_RATE, "burn-rate.json");
    answer(ErrorBudgets.OBJECTIVE, "objective.json");
  }

  @Test
  void readsTheWholeFleetInThreeQueriesLeastBudgetFirst() {
    fleetAnswers();
    ErrorBudgets.Fleet fleet = budgets("s3cret").read();

    assertThat(fleet.known()).isTrue();
    assertThat(fleet.queries()).isEqualTo(3);
    assertThat(fleet.budgets())
        .extracting(b -> b.service() + "/" + b.slo())
        .containsExactly(
            "payments/availability",
            "payments/latency-p50",
            "orders/availability",
            "search/availability");
    ErrorBudgets.Budget spent = fleet.of("payments", "availability").orElseThrow();
    assertThat(spent.remaining()).isEqualTo(-0.15);
    assertThat(spent.burnRate()).isEqualTo(14.9);
    assertThat(spent.objective()).isEqualTo(0.999);
    // A series without data yet: unknown, not zero, and sorted last.
    assertThat(fleet.of("search", "availability").orElseThrow().remaining()).isNaN();
    assertThat(fleet.of("search", "availability").orElseThrow().burnRate()).isNaN();
    prometheus.verify(
        3,
        getRequestedFor(urlPathEqualTo("/api/v1/query"))
            .withHeader("Authorization", equalTo("Bearer s3cret")));
  }

  @Test
  void theCachedFleetIsReadAgainOnlyAfterTheRefreshInterval() {
    fleetAnswers();
    ErrorBudgets budgets = budgets(null);
    budgets.fleet();
    budgets.fleet();
    prometheus.verify(3, getRequestedFor(urlPathEqualTo("/api/v1/query")));
  }

  @Test
  void prometheusNotAnsweringIsSaidNotThrownAndTheLastBudgetsStay() throws IOException {
    fleetAnswers();
    ErrorBudgets budgets = budgets(null);
    assertThat(budgets.read().budgets()).hasSize(4);
    prometheus.stop();

    ErrorBudgets.Fleet fleet = budgets.read();
    assertThat(fleet.known()).isFalse();
    assertThat(fleet.problem()).contains("did not answer");
    assertThat(fleet.budgets()).as("the budgets last read stay on show").hasSize(4);

    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    ErrorBudgets nowhere =
        new ErrorBudgets(
            new PrometheusProperties(
                "http://127.0.0.1:" + closed, null, null, null, Duration.ofSeconds(1), null),
            clock);
    assertThat(nowhere.read().problem()).contains("did not answer");
    assertThat(
            nowhere
                .burnDown("payments", "availability", Duration.ofDays(30), Duration.ofDays(1))
                .problem())
        .contains("did not answer");
  }

  @Test
  void anErrorFromPrometheusIsShownInItsOwnWords() {
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .willReturn(aResponse().withStatus(400).withBody(fixture("bad-query.json"))));
    ErrorBudgets.Fleet fleet = budgets(null).read();
    assertThat(fleet.problem()).contains("HTTP 400").contains("parse error");
  }

  @Test
  void withoutPrometheusConfiguredBudgetsAreUnknownAndSaySo() {
    ErrorBudgets none =
        new ErrorBudgets(new PrometheusProperties(null, null, null, null, null, null), clock);
    assertThat(none.fleet().problem()).contains("slipway.prometheus.url");
    assertThat(none.fleet().budgets()).isEmpty();
  }

  @Test
  void theBurnDownIsOneRangeQueryForTheSlo() {
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query_range"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(fixture("burn-down.json"))));
    ErrorBudgets.BurnDown burnDown =
        budgets(null).burnDown("payments", "availability", Duration.ofDays(30), Duration.ofDays(1));

    assertThat(burnDown.problem()).isNull();
    assertThat(burnDown.points())
        .extracting(ErrorBudgets.Point::remaining)
        .containsExactly(1.0, 0.9, 0.55, 0.2, -0.15);
    assertThat(burnDown.points().getFirst().at()).isEqualTo(Instant.ofEpochSecond(1763452800));
    prometheus.verify(
        getRequestedFor(urlPathEqualTo("/api/v1/query_range"))
            .withQueryParam(
                "query",
                equalTo(
                    "slo:period_error_budget_remaining:ratio{sloth_service=\"payments\",sloth_slo=\"availability\"}"))
            .withQueryParam("step", equalTo("86400"))
            .withQueryParam("end", equalTo(Long.toString(clock.instant().getEpochSecond())))
            .withQueryParam(
                "start",
                equalTo(
                    Long.toString(clock.instant().minus(Duration.ofDays(30)).getEpochSecond()))));
  }
}
