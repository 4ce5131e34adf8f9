package dev.slipway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The portal's own health and metrics, on the management port as the chart runs it: liveness and
 * readiness groups (readiness: database and scheduler), and the Prometheus endpoint with the
 * provisioning metrics moving as environments are requested, made ready and refused.
 */
@PortalTest
class ObservabilityIT {

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;

  @Test
  void livenessAndReadinessGroupsAnswerOnTheManagementPort() throws Exception {
    HttpResponse<String> liveness = management("/actuator/health/liveness");
    assertThat(liveness.statusCode()).isEqualTo(200);
    assertThat(liveness.body()).contains("\"status\":\"UP\"");

    HttpResponse<String> readiness = management("/actuator/health/readiness");
    assertThat(readiness.statusCode()).isEqualTo(200);
    JsonNode ready = Api.JSON.readTree(readiness.body());
    assertThat(ready.path("status").asString()).isEqualTo("UP");
    assertThat(ready.path("components").has("db")).as(readiness.body()).isTrue();
    assertThat(ready.path("components").has("dbScheduler")).as(readiness.body()).isTrue();
    assertThat(ready.path("components").path("db").path("status").asString()).isEqualTo("UP");
  }

  @Test
  void metricsAreOnTheManagementPortOnly() throws Exception {
    assertThat(management("/actuator/prometheus").statusCode()).isEqualTo(200);
    // The application's port (what the Route exposes) serves no actuator.
    HttpResponse<String> viaApp =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(viaApp.body()).doesNotContain("slipway_provisioning");
    assertThat(viaApp.statusCode()).isNotEqualTo(200);
  }

  @Test
  void provisioningMetricsMoveWithRequests() throws Exception {
    double accepted = value("slipway_environment_requests_total", "redis", "accepted");
    double invalid = value("slipway_environment_requests_total", "redis", "invalid");
    double unknown = value("slipway_environment_requests_total", "unknown", "invalid");
    double ready = value("slipway_provisioning_total", "redis", "ready");
    double durations = value("slipway_provisioning_duration_seconds_count", "redis", "ready");
    Api developer = Api.basic(port, "developer", "developer");

    String id = developer.ready("redis", "metered-one");
    assertThat(
            developer
                .post("/api/v1/environments", "{\"template\": \"redis\", \"name\": \"Not Valid\"}")
                .status())
        .isEqualTo(400);
    assertThat(
            developer
                .post("/api/v1/environments", "{\"template\": \"no-such\", \"name\": \"x-y\"}")
                .status())
        .isEqualTo(400);

    assertThat(value("slipway_environment_requests_total", "redis", "accepted"))
        .isEqualTo(accepted + 1);
    assertThat(value("slipway_environment_requests_total", "redis", "invalid"))
        .isEqualTo(invalid + 1);
    assertThat(value("slipway_environment_requests_total", "unknown", "invalid"))
        .isEqualTo(unknown + 1);
    assertThat(value("slipway_provisioning_total", "redis", "ready")).isEqualTo(ready + 1);
    assertThat(value("slipway_provisioning_duration_seconds_count", "redis", "ready"))
        .isEqualTo(durations + 1);
    String scrape = management("/actuator/prometheus").body();
    assertThat(scrape)
        .contains("slipway_provisioning_duration_seconds_bucket{")
        .contains("slipway_provisioning_queue_depth{")
        .contains("slipway_budgets_refresh_age_seconds")
        .contains("http_server_requests_seconds_bucket{")
        .contains("application=\"slipway\"");
  }

  /** A sample's value for the template and outcome, 0 when the series does not exist yet. */
  private double value(String metric, String template, String outcome) throws Exception {
    String scrape = management("/actuator/prometheus").body();
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
    double total = 0;
    while (m.find()) {
      String labels = m.group(1);
      if (labels.contains("template=\"" + template + "\"")
          && labels.contains("outcome=\"" + outcome + "\"")) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  private HttpResponse<String> management(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
