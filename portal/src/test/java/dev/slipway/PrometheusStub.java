package dev.slipway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The Prometheus of the shared test context: WireMock speaking Prometheus' HTTP API, answering
 * every query with no data unless a test stubs more (and calls {@link #reset()} when done). Budgets
 * are read afresh on every look ({@code refresh=PT0S}).
 */
public final class PrometheusStub
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  /** Where the release gate's webhook posts, on the same server. */
  public static final String WEBHOOK = "/hooks/slipway";

  private static final WireMockServer SERVER = new WireMockServer(wireMockConfig().dynamicPort());

  public static synchronized WireMockServer server() {
    if (!SERVER.isRunning()) {
      SERVER.start();
      Runtime.getRuntime().addShutdownHook(new Thread(SERVER::stop));
      reset();
    }
    return SERVER;
  }

  /** Back to answering every query with an empty result. */
  public static void reset() {
    SERVER.resetAll();
    SERVER.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(WEBHOOK))
            .atPriority(10)
            .willReturn(aResponse().withStatus(200)));
    SERVER.stubFor(
        get(anyUrl())
            .atPriority(10)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}")));
  }

  /** Prometheus says the service's availability budget has {@code remaining} left. */
  public static void budget(String service, double remaining) {
    reset();
    budgetWithoutReset(service, remaining);
  }

  /** As {@link #budget}, keeping the stubs a test set up before. */
  public static void budgetWithoutReset(String service, double remaining) {
    for (String[] q :
        new String[][] {
          {"slo:period_error_budget_remaining:ratio", Double.toString(remaining)},
          {"slo:current_burn_rate:ratio", "2"},
          {"slo:objective:ratio", "0.999"}
        }) {
      server()
          .stubFor(
              get(urlPathEqualTo("/api/v1/query"))
                  .withQueryParam("query", equalTo(q[0]))
                  .atPriority(1)
                  .willReturn(
                      aResponse()
                          .withHeader("Content-Type", "application/json")
                          .withBody(
                              String.format(
                                  java.util.Locale.ROOT,
                                  "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"sloth_service\":\"%s\",\"sloth_slo\":\"availability\"},\"value\":[1764036000,\"%s\"]}]}}",
                                  service,
                                  q[1]))));
    }
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "prometheus-stub",
                java.util.Map.of(
                    "slipway.prometheus.url",
                    server().baseUrl(),
                    "slipway.prometheus.refresh",
                    "PT0S",
                    "slipway.release-gate.webhook.url",
                    server().baseUrl() + WEBHOOK,
                    "slipway.release-gate.webhook.backoff",
                    "PT0.1S")));
  }
}
