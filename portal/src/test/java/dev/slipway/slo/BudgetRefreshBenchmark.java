package dev.slipway.slo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Not part of the test run (see docs/benchmarks.md): the fleet's budgets for 1,000 services (3,000
 * SLOs) read from a Prometheus stub that takes 50 ms per query. Reports the queries one refresh
 * takes and its wall time, median of several rounds.
 */
class BudgetRefreshBenchmark {

  static final int SERVICES = Integer.getInteger("bench.services", 1000);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 7);

  static String vector(String metric, double value) {
    StringBuilder result = new StringBuilder();
    for (int s = 0; s < SERVICES; s++) {
      for (String slo : List.of("availability", "latency-p50", "latency-p99")) {
        if (!result.isEmpty()) {
          result.append(',');
        }
        result.append(
            String.format(
                Locale.ROOT,
                "{\"metric\":{\"__name__\":\"%s\",\"sloth_service\":\"service-%d\",\"sloth_slo\":\"%s\"},\"value\":[1764036000,\"%s\"]}",
                metric,
                s,
                slo,
                value - s / 10_000.0));
      }
    }
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + result
        + "]}}";
  }

  @Test
  void fleetRefreshForAThousandServices() throws Exception {
    WireMockServer prometheus = new WireMockServer(wireMockConfig().dynamicPort());
    prometheus.start();
    try {
      for (String[] q :
          new String[][] {
            {"slo:period_error_budget_remaining:ratio", "0.8"},
            {"slo:current_burn_rate:ratio", "1.1"},
            {"slo:objective:ratio", "0.999"}
          }) {
        prometheus.stubFor(
            get(urlPathEqualTo("/api/v1/query"))
                .withQueryParam("query", equalTo(q[0]))
                .willReturn(
                    aResponse()
                        .withFixedDelay(50)
                        .withHeader("Content-Type", "application/json")
                        .withBody(vector(q[0], Double.parseDouble(q[1])))));
      }
      ErrorBudgets budgets =
          new ErrorBudgets(
              new PrometheusProperties(
                  prometheus.baseUrl(), null, null, null, Duration.ofSeconds(10), Duration.ZERO),
              Clock.systemUTC());
      budgets.read(); // warm-up: connections, JIT
      List<Double> millis = new ArrayList<>();
      int queries = 0;
      for (int round = 0; round < ROUNDS; round++) {
        long start = System.nanoTime();
        ErrorBudgets.Fleet fleet = budgets.read();
        millis.add((System.nanoTime() - start) / 1e6);
        assertThat(fleet.budgets()).hasSize(SERVICES * 3);
        queries = fleet.queries();
      }
      Collections.sort(millis);
      String report =
          String.format(
              Locale.ROOT,
              """
              | fleet budget refresh (median of %d rounds) | value |
              |---|---|
              | services / SLOs | %d / %d |
              | queries per refresh | %d |
              | Prometheus stub latency per query | 50 ms |
              | wall time per refresh, median | %.0f ms |
              | wall time per refresh, slowest | %.0f ms |
              """,
              ROUNDS,
              SERVICES,
              SERVICES * 3,
              queries,
              millis.get(millis.size() / 2),
              millis.getLast());
      Files.writeString(Path.of("target/benchmark-budgets.md"), report);
      System.out.println(report);
      prometheus.verify(3 * (ROUNDS + 1), getRequestedFor(urlPathEqualTo("/api/v1/query")));
    } finally {
      prometheus.stop();
    }
  }
}
