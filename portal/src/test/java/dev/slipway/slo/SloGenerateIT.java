package dev.slipway.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.Compat;
import dev.slipway.PortalTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * POST /api/v1/slo/generate: Sloth and OpenSLO documents in, the rules Slipway would install out.
 */
@PortalTest
class SloGenerateIT {

  @LocalServerPort int port;

  HttpResponse<String> post(String body, String accept, String query) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/slo/generate" + query))
            .header("Content-Type", "application/yaml")
            .header("Accept", accept)
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString("developer:developer".getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  static String fixture(String relative) throws IOException {
    return Files.readString(Compat.file("slo/sloth/" + relative));
  }

  @Test
  void aSlothSpecGivesSlothsRules() throws Exception {
    HttpResponse<String> response =
        post(fixture("examples/inputs/getting-started.yml"), "application/json", "");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = Api.JSON.readTree(response.body());
    assertThat(body.path("rules").asInt())
        .as("as promtool counts Sloth's own output")
        .isEqualTo(17);
    List<String> groups = new ArrayList<>();
    body.path("documents")
        .get(0)
        .path("groups")
        .forEach(g -> groups.add(g.path("name").asString()));
    assertThat(groups)
        .containsExactly(
            "sloth-slo-sli-recordings-myservice-requests-availability",
            "sloth-slo-meta-recordings-myservice-requests-availability",
            "sloth-slo-alerts-myservice-requests-availability");
  }

  @Test
  void openSloAndKubernetesDocumentsAndYamlOutput() throws Exception {
    HttpResponse<String> openslo =
        post(fixture("examples/inputs/openslo-getting-started.yml"), "application/yaml", "");
    assertThat(openslo.statusCode()).isEqualTo(200);
    assertThat(openslo.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
    assertThat(openslo.body()).contains("groups:").contains("slo:sli_error:ratio_rate5m");

    HttpResponse<String> k8s =
        post(fixture("examples/inputs/k8s-getting-started.yml"), "application/json", "");
    assertThat(Api.JSON.readTree(k8s.body()).path("documents").get(0).path("kind").asString())
        .isEqualTo("PrometheusRule");
  }

  @Test
  void anInvalidSpecIsRefusedNamingTheField() throws Exception {
    HttpResponse<String> response =
        post(fixture("integration/testdata/validate/bad/bad-aa.yaml"), "application/json", "");
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode errors = Api.JSON.readTree(response.body()).path("errors");
    assertThat(errors.get(0).path("field").asString()).endsWith("objective");

    HttpResponse<String> version =
        post(fixture("integration/testdata/in-invalid-version.yaml"), "application/json", "");
    assertThat(version.statusCode()).isEqualTo(400);
    assertThat(version.body()).contains("prometheus/v999");

    assertThat(post("version: prometheus/v1\n", "application/json", "?period=7d").statusCode())
        .isEqualTo(400);
    HttpResponse<String> nothingLeft =
        post(
            fixture("examples/inputs/getting-started.yml"),
            "application/json",
            "?disableAlerts=true&disableRecordings=true");
    assertThat(nothingLeft.statusCode()).as(nothingLeft.body()).isEqualTo(400);
    assertThat(post("x".repeat(1_000_001), "application/json", "").statusCode()).isEqualTo(413);
  }
}
