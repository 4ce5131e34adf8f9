package dev.slipway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What an attacker with the packaged jar tried at the API's edge: NUL characters, trailing slashes,
 * huge and endless bodies, JSON and YAML that bend the rules. Each answer is a problem detail
 * naming the field, never a 500, the UI's page or a heap spent on a body.
 */
@PortalTest
class HostileInputIT {

  /** Larger than any limit, and never held anywhere: the client generates it as it sends. */
  static final long HUGE = 300L * 1024 * 1024;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  Api developer;
  Api sre;
  Api auditor;

  @BeforeEach
  void clients() {
    developer = Api.basic(port, "developer", "developer");
    sre = Api.basic(port, "sre", "sre");
    auditor = Api.basic(port, "auditor", "auditor");
  }

  /** The answer is a problem detail with that status whose errors name the field. */
  static JsonNode problem(Api.Response response, int status, String field) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode body = response.json();
    assertThat(body.path("errors").findValuesAsString("field")).as(response.body()).contains(field);
    return body;
  }

  // NUL characters: PostgreSQL refuses them in text, so each of these was a 500.

  @ParameterizedTest
  @CsvSource({
    "/api/v1/audit?type=Environment%00Requested, type",
    "/api/v1/audit?actor=dev%00eloper,            actor",
    "/api/v1/audit?template=%00,                  template",
    "/api/v1/audit/export?team=team%00payments,   team",
    "/api/v1/audit?ty%00pe=x,                     ty\\u0000pe",
  })
  void aNulInAQueryParameterIsRefusedNamingIt(String path, String field) {
    JsonNode body = problem(auditor.get(path), 400, field);
    assertThat(body.path("detail").asString()).contains("NUL");
  }

  @Test
  void aNulInAParameterValueOrKeyOfARequestIsRefusedNamingIt() {
    problem(
        developer.post(
            "/api/v1/environments",
            """
            {"template": "postgresql", "name": "nul-value",
             "parameters": {"POSTGRESQL_DATABASE": "orders\\u0000"}}"""),
        400,
        "parameters.POSTGRESQL_DATABASE");
    Api.Response key =
        developer.post(
            "/api/v1/environments",
            """
            {"template": "postgresql", "name": "nul-key", "parameters": {"DB\\u0000": "x"}}""");
    assertThat(key.status()).isEqualTo(400);
    // The key is refused before it is a field of its own: the map is named, the message says why.
    assertThat(key.json().path("errors").get(0).path("field").asString()).isEqualTo("parameters");
    assertThat(key.json().path("errors").get(0).path("message").asString()).contains("NUL");
    assertThat(count("environment", "name like 'nul-%'")).isZero();
  }

  @Test
  void aNulInAnExclusionsReasonIsRefusedNamingIt() {
    problem(
        sre.post(
            "/api/v1/services/" + UUID.randomUUID() + "/release-gate/exclusions",
            """
            {"from": "2030-01-01T00:00:00Z", "to": "2030-01-01T01:00:00Z",
             "reason": "load test\\u0000"}"""),
        400,
        "reason");
  }

  @Test
  void aNulInThePathIsRefused() {
    // Tomcat refuses it before the application sees it; its answer is a problem detail too.
    problem(developer.get("/api/v1/environments/%00"), 400, "path");
  }

  @ParameterizedTest
  @CsvSource({"/api%2Fv1/environments", "/%2Fapi/v1/environments"})
  void anEncodedSlashIsAProblemNotTomcatsPage(String path) {
    problem(developer.get(path), 400, "path");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "PUT | /api/v1/templates/redis/versions/1/status | {\"status\": \"PUBLISHED\\u0000\"} | status",
        "PUT | /api/v1/templates/redis/versions/1/status | {\"status\": \"PUBLISHED \"} | status",
        "PUT | /api/v1/templates/redis/versions/0x1/status | {\"status\": \"PUBLISHED\"} | version",
        "PUT | /api/v1/templates/redis/versions/+1/status | {\"status\": \"PUBLISHED\"} | version",
        "PUT | /api/v1/templates/redis/versions/01/status | {\"status\": \"PUBLISHED\"} | version",
      })
  void aStatusOrVersionIsReadExactlyAsWritten(
      String method, String path, String json, String field) {
    problem(sre.put(path, json), 400, field);
  }

  // Trailing slashes and unknown paths: the UI's page with 200 read as success by a pipeline.

  @Test
  void aTrailingSlashIsA404AndDoesNothing() {
    problemNotFound(
        developer.post(
            "/api/v1/environments/",
            "{\"template\": \"postgresql\", \"name\": \"trailing-slash\"}"));
    assertThat(count("environment", "name = 'trailing-slash'")).isZero();

    problemNotFound(sre.post("/api/v1/templates/", echoTemplate("trailing-slash")));
    assertThat(count("template_version", "name = 'trailing-slash'")).isZero();

    Api.Response created =
        developer.post(
            "/api/v1/environments", "{\"template\": \"postgresql\", \"name\": \"kept-on-slash\"}");
    assertThat(created.status()).as(created.raw().headers() + " " + created.body()).isEqualTo(202);
    String id = created.json().path("id").asString();
    problemNotFound(developer.delete("/api/v1/environments/" + id + "/"));
    assertThat(developer.get("/api/v1/environments/" + id).json().path("status").asString())
        .isNotEqualTo("DELETING")
        .isNotEqualTo("DELETED");
    developer.awaitStatus(id, "READY");
    assertThat(developer.delete("/api/v1/environments/" + id).status()).isEqualTo(202);
  }

  @Test
  void anUnknownApiPathIsA404ProblemNotTheUi() {
    problemNotFound(developer.get("/api/v1/nothing-here"));
    problemNotFound(developer.get("/api/v2/environments"));
    problemNotFound(developer.post("/api/v1/environments/x/y/z", "{}"));
  }

  static void problemNotFound(Api.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(404);
    assertThat(response.contentType()).startsWith("application/problem+json");
  }

  // Bodies: bounded while they are read.

  @Test
  void twoEndlessChunkedBodiesAreCutOffWithoutBeingSentWhole() throws Exception {
    AtomicLong first = new AtomicLong();
    AtomicLong second = new AtomicLong();
    CompletableFuture<HttpResponse<String>> a = streamTo("/api/v1/slo/generate", first, false);
    CompletableFuture<HttpResponse<String>> b = streamTo("/api/v1/slo/generate", second, false);
    for (HttpResponse<String> response : List.of(a.get(), b.get())) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
      assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      JsonNode body = Api.JSON.readTree(response.body());
      assertThat(body.path("maxBytes").asLong()).isEqualTo(1_000_000);
      assertThat(body.path("detail").asString()).contains("1000000 bytes");
    }
    // The server stopped reading at its limit; the client never got to send the rest.
    assertThat(first.get()).isLessThan(HUGE / 4);
    assertThat(second.get()).isLessThan(HUGE / 4);
  }

  @Test
  void aFormBodyOnDeleteOrPutIsNeverReadWholeNotEvenForAnAnonymousCaller() throws Exception {
    // Spring's form-content filter used to read such a body whole before security ran.
    for (String method : List.of("DELETE", "PUT")) {
      for (String credentials : java.util.Arrays.asList(null, "developer:developer")) {
        AtomicLong sent = new AtomicLong();
        try {
          HttpResponse<String> response =
              stream(
                      method,
                      "/api/v1/environments/" + UUID.randomUUID(),
                      "application/x-www-form-urlencoded",
                      credentials,
                      sent,
                      false)
                  .get();
          assertThat(response.statusCode()).as(method + " " + credentials).isBetween(400, 499);
        } catch (java.util.concurrent.ExecutionException hungUp) {
          // Tomcat answers, swallows a little of the unread body, then closes the connection:
          // the client may see the close before the whole answer.
          assertThat(hungUp.getCause()).isInstanceOf(java.io.IOException.class);
        }
        assertThat(sent.get()).as(method + " " + credentials).isLessThan(HUGE / 4);
      }
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "POST | /api/v1/environments/%s/extend | {\"by\": \"P1D\", \"shorten\": 1} | shorten",
        "POST | /api/v1/environments/%s/extend | {\"by\": \"P1D\", \"shorten\": \"true\"} | shorten",
        "POST | /api/v1/environments | {\"template\": \"redis\", \"name\": \"n\", \"templateVersion\": \"1\"} | templateVersion",
        "POST | /api/v1/environments | {\"template\": \"redis\", \"name\": \"n\", \"templateVersion\": 1.5} | templateVersion",
        "POST | /api/v1/environments | {\"template\": \"redis\", \"name\": \"n\", \"templateVersion\": \"\"} | templateVersion",
        "PUT  | /api/v1/templates/redis/versions/1/status | {\"status\": 1} | status",
        "PUT  | /api/v1/services/%s/release-gate/policy | {\"freezeAt\": \"NaN\"} | freezeAt",
        "PUT  | /api/v1/services/%s/release-gate/policy | {\"freezeAt\": \"0.1\"} | freezeAt",
      })
  void aValueIsReadOnlyAsWhatItIs(String method, String path, String json, String field) {
    String at = path.formatted(UUID.randomUUID());
    Api.Response response = method.equals("PUT") ? sre.put(at, json) : sre.post(at, json);
    problem(response, 400, field);
  }

  @ParameterizedTest
  @CsvSource({
    "/api//v1/environments",
    "/api/v1//environments",
    "/api/v1/environments;jsessionid=abc",
    "/api/v1/templates/../environments",
    "//api/v1/environments",
    "/./api/v1/environments",
    "/;x/api/v1/environments",
  })
  void aPathThatIsNotNormalisedIsAProblemNamingThePath(String path) {
    problem(developer.get(path), 400, "path");
  }

  @ParameterizedTest
  @CsvSource({"/API/v1/environments", "/Api/v1/templates"})
  void theApiInAnotherCaseIsA404ProblemNeverTheUiPage(String path) {
    problem(developer.get(path), 404, "path");
  }

  @Test
  void aMultipartBodyIsRefusedNamingTheContentType() {
    Api.Response response =
        sre.send(
            "POST",
            "/api/v1/templates",
            "multipart/form-data; boundary=x",
            "--x\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nhello\r\n--x--\r\n");
    problem(response, 400, "Content-Type");
  }

  @Test
  void aDeclaredContentLengthOverTheLimitIsRefusedBeforeTheBodyIsRead() throws Exception {
    AtomicLong sent = new AtomicLong();
    HttpResponse<String> response = streamTo("/api/v1/environments", sent, true).get();
    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    assertThat(Api.JSON.readTree(response.body()).path("limit").asString())
        .isEqualTo("slipway.provisioning.max-request-bytes");
    assertThat(sent.get()).isLessThan(HUGE / 4);
  }

  @Test
  void eachEndpointHasItsLimit() {
    // An environment request with large parameters fits (1 MiB); what it says is checked next.
    String big = "x".repeat(64 * 1024);
    Api.Response fits =
        developer.post(
            "/api/v1/environments",
            """
            {"template": "postgresql", "name": "big-params",
             "parameters": {"A": "%s", "B": "%s", "C": "%s", "D": "%s"}}"""
                .formatted(big, big, big, big));
    assertThat(fits.status()).as(fits.body()).isEqualTo(400);
    assertThat(fits.json().path("errors").findValuesAsString("field")).contains("parameters.A");

    // Every other endpoint: slipway.api.max-body-bytes (256 KiB).
    Api.Response policy =
        sre.put(
            "/api/v1/templates/postgresql/policy",
            "{\"allowedGroups\": [\"" + "g".repeat(300 * 1024) + "\"]}");
    assertThat(policy.status()).as(policy.body()).isEqualTo(413);
    assertThat(policy.json().path("limit").asString()).isEqualTo("slipway.api.max-body-bytes");
  }

  /**
   * POSTs {@link #HUGE} bytes generated as they are sent (a YAML comment, so no parser finds an end
   * early), counting what the client managed to send; chunked unless a length is declared.
   */
  CompletableFuture<HttpResponse<String>> streamTo(
      String path, AtomicLong sent, boolean declareLength) {
    return stream("POST", path, "application/yaml", "developer:developer", sent, declareLength);
  }

  /** A generated body of {@link #HUGE} bytes; {@code credentials} null sends none. */
  CompletableFuture<HttpResponse<String>> stream(
      String method,
      String path,
      String contentType,
      @org.jspecify.annotations.Nullable String credentials,
      AtomicLong sent,
      boolean declareLength) {
    HttpRequest.BodyPublisher generated =
        HttpRequest.BodyPublishers.ofInputStream(
            () ->
                new InputStream() {
                  @Override
                  public int read() {
                    return sent.getAndIncrement() < HUGE ? '#' : -1;
                  }

                  @Override
                  public int read(byte[] b, int off, int len) {
                    long left = HUGE - sent.get();
                    if (left <= 0) {
                      return -1;
                    }
                    int n = (int) Math.min(len, left);
                    java.util.Arrays.fill(b, off, off + n, (byte) '#');
                    sent.addAndGet(n);
                    return n;
                  }
                });
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", contentType)
            .method(
                method,
                declareLength
                    ? HttpRequest.BodyPublishers.fromPublisher(generated, HUGE)
                    : generated);
    if (credentials != null) {
      builder.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    HttpRequest request = builder.build();
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  // JSON and YAML that bend the rules.

  @Test
  void unknownFieldsAreRefusedNamingThem() {
    JsonNode body =
        problem(
            developer.post(
                "/api/v1/environments", "{\"template\": \"postgresql\", \"nmae\": \"typo\"}"),
            400,
            "nmae");
    assertThat(body.path("errors").get(0).path("message").asString()).contains("name");
  }

  @Test
  void aKeyGivenTwiceIsRefusedNamingIt() {
    problem(
        developer.post(
            "/api/v1/environments",
            "{\"template\": \"postgresql\", \"name\": \"first\", \"name\": \"second\"}"),
        400,
        "name");
    problem(
        developer.post(
            "/api/v1/environments",
            """
            {"template": "postgresql", "name": "dup-param",
             "parameters": {"POSTGRESQL_DATABASE": "a", "POSTGRESQL_DATABASE": "b"}}"""),
        400,
        "parameters.POSTGRESQL_DATABASE");
    assertThat(count("environment", "name in ('first', 'second', 'dup-param')")).isZero();
  }

  @Test
  void aYamlTemplateWithAKeyGivenTwiceIsRefusedNamingItByPointer() {
    String yaml =
        echoTemplate("yaml-dup")
            .replace("    required: true\n", "    required: true\n    required: false\n");
    assertThat(yaml).contains("required: false");
    Api.Response response = sre.post("/api/v1/templates", yaml);
    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).contains("/parameters/0/required");
    assertThat(count("template_version", "name = 'yaml-dup'")).isZero();
  }

  @Test
  void aNulInsideATemplateIsRefusedNamingItByPointer() {
    String yaml =
        echoTemplate("nul-inside")
            .replace("    required: true\n", "    required: true\n    description: \"a\\0b\"\n");
    assertThat(yaml).contains("\\0");
    Api.Response response = sre.post("/api/v1/templates", yaml);
    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).contains("/parameters/0/description").contains("NUL");
    assertThat(count("template_version", "name = 'nul-inside'")).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "POST | /api/v1/environments | {\"template\": \"postgresql\", \"name\": \"n\", \"ttl\": 86400} | ttl",
        "POST | /api/v1/environments | {\"template\": \"postgresql\", \"name\": true} | name",
        "POST | /api/v1/environments/%s/extend | {\"ttl\": 3600} | ttl",
        "POST | /api/v1/services/%s/release-gate/override | {\"reason\": \"r\", \"duration\": 3600} | duration",
        "POST | /api/v1/services/%s/release-gate/exclusions | {\"from\": 1, \"to\": \"2030-01-01T00:00:00Z\", \"reason\": \"r\"} | from",
        "PUT  | /api/v1/services/%s/slos/availability | {\"window\": 30} | window",
      })
  void aNumberIsNotReadAsADurationOrAString(String method, String path, String json, String field) {
    String at = path.formatted(UUID.randomUUID());
    Api.Response response = method.equals("PUT") ? sre.put(at, json) : sre.post(at, json);
    JsonNode body = problem(response, 400, field);
    assertThat(body.path("errors").get(0).path("message").asString()).contains("not a");
  }

  @Test
  void aNumberIsNotReadAsSecondsInAPolicy() {
    JsonNode body =
        problem(
            sre.put("/api/v1/templates/postgresql/policy", "{\"defaultTtl\": 86400}"),
            400,
            "defaultTtl");
    assertThat(body.path("errors").get(0).path("message").asString()).contains("seconds");
  }

  @Test
  void bodiesThatCannotBeReadNameWhatIsWrong() {
    problem(developer.post("/api/v1/environments", "{\"template\": "), 400, "body");
    problem(developer.post("/api/v1/environments", "[]"), 400, "body");
    problem(
        developer.post(
            "/api/v1/environments",
            "{\"template\": \"postgresql\", \"name\": \"n\", \"templateVersion\": \"abc\"}"),
        400,
        "templateVersion");
    problem(sre.post("/api/v1/environments/" + UUID.randomUUID() + "/reject", ""), 400, "body");
    problem(
        sre.put("/api/v1/templates/postgresql/versions/1/status", "{\"status\": \"GONE\"}"),
        400,
        "status");
  }

  @Test
  void badPathIdsAndQueryParametersAreNamed() {
    problem(developer.get("/api/v1/environments/not-a-uuid"), 404, "id");
    problem(developer.get("/api/v1/services/not-a-uuid/slos"), 404, "id");
    problem(auditor.get("/api/v1/audit?limit=abc"), 400, "limit");
    problem(sre.get("/api/v1/templates/postgresql/diff?from=abc&to=1"), 400, "from");
    problem(sre.get("/api/v1/templates/postgresql/diff?from=1"), 400, "to");
    problem(
        sre.put("/api/v1/templates/postgresql/versions/abc/status", "{\"status\": \"RETIRED\"}"),
        400,
        "version");
    problem(
        sre.post("/api/v1/templates?publish=maybe", echoTemplate("bad-publish")), 400, "publish");
    assertThat(count("template_version", "name = 'bad-publish'")).isZero();
  }

  long count(String table, String where) {
    return jdbc.sql("select count(*) from " + table + " where " + where).query(Long.class).single();
  }

  static String echoTemplate(String name) {
    return """
        apiVersion: template.openshift.io/v1
        kind: Template
        metadata:
          name: %s
        objects:
          - apiVersion: v1
            kind: ConfigMap
            metadata: { name: "${NAME}" }
            data: { greeting: hello }
        parameters:
          - name: NAME
            value: echo
            required: true
        """
        .formatted(name);
  }
}
