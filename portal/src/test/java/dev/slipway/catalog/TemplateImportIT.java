package dev.slipway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** SREs curate the catalog through the API: import, versions, statuses, policy, diff, dry run. */
@PortalTest
class TemplateImportIT {

  @LocalServerPort int port;
  Api sre;
  Api developer;

  @BeforeEach
  void clients() {
    sre = Api.basic(port, "sre", "sre");
    developer = Api.basic(port, "developer", "developer");
  }

  static String template(String name, String image) {
    return EchoTemplate.yaml(name, image);
  }

  @Test
  void onlySresMayImport() {
    assertThat(developer.post("/api/v1/templates", template("echo-dev", "echo:1")).status())
        .isEqualTo(403);
    assertThat(
            Api.basic(port, "auditor", "auditor")
                .post("/api/v1/templates", template("echo-aud", "echo:1"))
                .status())
        .isEqualTo(403);
    assertThat(
            Api.anonymous(port).post("/api/v1/templates", template("echo-anon", "echo:1")).status())
        .isEqualTo(401);
    assertThat(
            developer
                .put("/api/v1/templates/postgresql/versions/1/status", "{\"status\":\"RETIRED\"}")
                .status())
        .isEqualTo(403);
    assertThat(
            developer
                .put("/api/v1/templates/postgresql/policy", "{\"approvalRequired\":true}")
                .status())
        .isEqualTo(403);
  }

  @Test
  void everyImportIsANewVersionAndDevelopersSeeOnlyPublishedOnes() {
    Api.Response first = sre.post("/api/v1/templates", template("echo", "echo:1"));
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(first.raw().headers().firstValue("Location"))
        .hasValue("/api/v1/templates/echo/versions/1");
    assertThat(first.json().at("/imported/0/version").asInt()).isEqualTo(1);
    assertThat(first.json().at("/imported/0/status").asString()).isEqualTo("DRAFT");
    assertThat(names(developer.get("/api/v1/templates").json())).doesNotContain("echo");

    assertThat(
            sre.put("/api/v1/templates/echo/versions/1/status", "{\"status\":\"PUBLISHED\"}")
                .status())
        .isEqualTo(200);
    JsonNode listed = entry(developer.get("/api/v1/templates").json(), "echo");
    assertThat(listed.path("version").asString()).isEqualTo("1");
    assertThat(listed.path("version").isString())
        .as("a string on the wire, as it always was")
        .isTrue();
    assertThat(listed.path("displayName").asString()).isEqualTo("Echo service echo");
    assertThat(listed.path("provider").asString()).isEqualTo("Platform team");
    assertThat(listed.path("documentationUrl").asString()).isEqualTo("https://example.com/echo");
    assertThat(listed.path("iconClass").asString()).isEqualTo("icon-go-gopher");
    assertThat(listed.path("tags").toString()).isEqualTo("[\"test\",\"echo\"]");

    // An environment made from version 1 keeps it.
    Api.Response environment =
        developer.post("/api/v1/environments", "{\"template\": \"echo\", \"name\": \"echo-v1\"}");
    assertThat(environment.status()).as(environment.body()).isEqualTo(202);
    String id = environment.json().path("id").asString();

    Api.Response second = sre.post("/api/v1/templates?publish=true", template("echo", "echo:2"));
    assertThat(second.json().at("/imported/0/version").asInt()).isEqualTo(2);
    assertThat(entry(developer.get("/api/v1/templates").json(), "echo").path("version").asString())
        .isEqualTo("2");

    developer.awaitStatus(id, "READY");
    JsonNode env = developer.get("/api/v1/environments/" + id).json();
    assertThat(env.path("templateVersion").asString()).isEqualTo("1");
    assertThat(env.path("templateVersion").isString())
        .as("a string on the wire, as it always was")
        .isTrue();
    assertThat(env.at("/objects/0/labels/slipway.dev~1template-version").asString()).isEqualTo("1");

    // A request may name a published version; a deprecated one is refused naming the field.
    Api.Response pinned =
        developer.post(
            "/api/v1/environments",
            "{\"template\": \"echo\", \"templateVersion\": 1, \"name\": \"echo-pinned\"}");
    assertThat(pinned.status()).as(pinned.body()).isEqualTo(202);
    assertThat(pinned.json().path("templateVersion").asString()).isEqualTo("1");
    sre.put("/api/v1/templates/echo/versions/1/status", "{\"status\":\"DEPRECATED\"}");
    Api.Response stale =
        developer.post(
            "/api/v1/environments",
            "{\"template\": \"echo\", \"templateVersion\": 1, \"name\": \"echo-stale\"}");
    assertThat(stale.status()).isEqualTo(400);
    assertThat(stale.body()).contains("\"field\":\"templateVersion\"").contains("not published");

    JsonNode versions = sre.get("/api/v1/templates/echo/versions").json();
    assertThat(versions.size()).isEqualTo(2);
    assertThat(versions.get(0).path("version").asInt()).isEqualTo(2);
    assertThat(versions.get(0).path("importedBy").asString()).isEqualTo("sre");

    JsonNode diff = sre.get("/api/v1/templates/echo/diff?from=1&to=2").json();
    List<String> changed = new ArrayList<>();
    diff.path("lines")
        .forEach(
            l -> {
              if (!l.path("change").asString().equals(" ")) {
                changed.add(l.path("change").asString() + l.path("text").asString().strip());
              }
            });
    assertThat(changed).containsExactly("-image: \"echo:1\"", "+image: \"echo:2\"");
  }

  @Test
  void statusesMoveOnlyForward() {
    sre.post("/api/v1/templates", template("echo-status", "echo:1"));
    assertThat(
            sre.put(
                    "/api/v1/templates/echo-status/versions/1/status",
                    "{\"status\":\"DEPRECATED\"}")
                .status())
        .as("a draft cannot be deprecated")
        .isEqualTo(409);
    assertThat(
            sre.put("/api/v1/templates/echo-status/versions/1/status", "{\"status\":\"RETIRED\"}")
                .status())
        .isEqualTo(200);
    Api.Response again =
        sre.put("/api/v1/templates/echo-status/versions/1/status", "{\"status\":\"PUBLISHED\"}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("detail").asString()).contains("retired is final");
    assertThat(
            sre.put("/api/v1/templates/echo-status/versions/9/status", "{\"status\":\"PUBLISHED\"}")
                .status())
        .isEqualTo(404);
    assertThat(
            sre.put("/api/v1/templates/echo-status/versions/1/status", "{\"status\":\"GONE\"}")
                .status())
        .isEqualTo(400);
  }

  @Test
  void aListImportsEveryTemplateInIt() {
    String list =
        """
        {"kind": "List", "apiVersion": "v1", "items": [%s, %s]}"""
            .formatted(EchoTemplate.json("echo-a", "a:1"), EchoTemplate.json("echo-b", "b:1"));
    Api.Response response = sre.post("/api/v1/templates?publish=true", list);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    assertThat(names(response.json().path("imported"))).containsExactly("echo-a", "echo-b");
  }

  @Test
  void aDryRunShowsTheObjectsWithEverySecretMasked() {
    Api.Response preview =
        developer.post(
            "/api/v1/templates/postgresql/render",
            "{\"parameters\": {\"POSTGRESQL_DATABASE\": \"orders\"}}");
    assertThat(preview.status()).as(preview.body()).isEqualTo(200);
    JsonNode secret = preview.json().at("/objects/0");
    assertThat(secret.path("kind").asString()).isEqualTo("Secret");
    assertThat(secret.at("/stringData/database-password").asString()).isEqualTo("••••••");
    assertThat(secret.at("/stringData/database-user").asString()).isEqualTo("••••••");
    assertThat(secret.at("/stringData/database-name").asString()).isEqualTo("••••••");
    assertThat(preview.json().path("version").asInt()).isPositive();

    Api.Response bad =
        developer.post(
            "/api/v1/templates/postgresql/render", "{\"parameters\": {\"NOPE\": \"x\"}}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("parameters.NOPE");
    assertThat(developer.post("/api/v1/templates/no-such/render", "{}").status()).isEqualTo(404);
  }

  @Test
  void srePoliciesAreValidatedStoredAndShown() {
    String policy =
        """
        {"defaultTtl": "P2D", "maxTtl": "P7D", "allowedRoles": ["DEVELOPER"],
         "allowedGroups": ["team-payments"], "approvalRequired": true,
         "quota": {"requests.cpu": "4", "requests.memory": "8Gi", "pods": "20"},
         "limitDefaults": {"memory": "512Mi", "cpu": "500m"},
         "limitDefaultRequests": {"memory": "256Mi"}}""";
    Api.Response saved = sre.put("/api/v1/templates/postgresql/policy", policy);
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    JsonNode read = developer.get("/api/v1/templates/postgresql/policy").json();
    assertThat(read.path("maxTtl").asString()).isEqualTo("PT168H");
    assertThat(read.path("approvalRequired").asBoolean()).isTrue();
    assertThat(read.at("/quota/requests.memory").asString()).isEqualTo("8Gi");

    Api.Response invalid =
        sre.put(
            "/api/v1/templates/postgresql/policy",
            """
            {"defaultTtl": "P9D", "maxTtl": "P60D", "allowedRoles": ["AUDITOR"],
             "quota": {"requests.cpu": "lots"}, "limitDefaults": {"gpu": "1"}}""");
    assertThat(invalid.status()).as(invalid.body()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    invalid.json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
    assertThat(fields)
        .as(invalid.body())
        .contains("maxTtl", "allowedRoles[0]", "quota.requests.cpu", "limitDefaults.gpu");
    assertThat(
            developer.get("/api/v1/templates/postgresql/policy").json().path("maxTtl").asString())
        .as("a refused policy changes nothing")
        .isEqualTo("PT168H");
    sre.put("/api/v1/templates/postgresql/policy", "{}");
  }

  @Test
  void anUndeclaredReferenceIsAcceptedWithAWarning() {
    String withTypo = template("echo-warn", "echo:${VERSON}");
    Api.Response response = sre.post("/api/v1/templates", withTypo);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    JsonNode warning = response.json().at("/imported/0/warnings/0");
    assertThat(warning.path("path").asString())
        .isEqualTo("/objects/1/spec/template/spec/containers/0/image");
    assertThat(warning.path("message").asString()).contains("undeclared parameter VERSON");
  }

  // --- a refused import over HTTP; the validator's whole corpus runs in TemplateValidatorTest ---

  static Stream<Arguments> malformed() {
    String valid = EchoTemplate.json("corpus", "echo:1");
    return Stream.of(
        Arguments.of("empty body", " ", "", "empty"),
        Arguments.of(
            "YAML syntax error", "kind: Template\n  metadata: [", "", "not valid YAML or JSON"),
        Arguments.of("deeply nested", "[".repeat(5000) + "]".repeat(5000), "", "nesting depth"),
        Arguments.of(
            "List with a non-template",
            "{\"kind\": \"List\", \"items\": [{\"kind\": \"Pod\"}]}",
            "/items/0/kind",
            "expected Template"),
        Arguments.of(
            "wrong kind",
            valid.replace("\"kind\":\"Template\"", "\"kind\":\"Pod\""),
            "/kind",
            "expected Template"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void refusesMalformedTemplatesNamingWhere(
      String title, String document, String path, String message) {
    Api.Response response = sre.post("/api/v1/templates", document);
    assertThat(response.status()).as(title + ": " + response.body()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    List<String> where = new ArrayList<>();
    List<String> what = new ArrayList<>();
    response
        .json()
        .path("errors")
        .forEach(
            e -> {
              where.add(e.path("path").asString());
              what.add(e.path("message").asString());
            });
    assertThat(where).as(response.body()).contains(path);
    assertThat(String.join("\n", what)).contains(message);
  }

  @Test
  void anOversizeDocumentIsRefusedBeforeItIsRead() {
    Api.Response response =
        sre.post("/api/v1/templates", "kind: Template\n# " + "x".repeat(1_100_000));
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.json().path("detail").asString()).contains("larger than 1048576 bytes");
    Api.Response fromADeveloper =
        developer.post("/api/v1/templates", "kind: Template\n# " + "x".repeat(1_100_000));
    assertThat(fromADeveloper.status())
        .as("refused for the role before the body is read")
        .isEqualTo(403);
  }

  @Test
  void curationReadsAreForSres() {
    assertThat(developer.get("/api/v1/templates/postgresql/versions").status()).isEqualTo(403);
    Api.Response diff = developer.get("/api/v1/templates/postgresql/diff?from=1&to=1");
    assertThat(diff.status()).isEqualTo(403);
    assertThat(diff.contentType()).startsWith("application/problem+json");
  }

  @Test
  void theDiffMasksLiteralSecretsButShowsThatTheyChanged() {
    String withSecret =
        """
        apiVersion: template.openshift.io/v1
        kind: Template
        metadata: { name: secret-diff }
        objects:
          - { apiVersion: v1, kind: Secret, metadata: { name: s }, stringData: { key: "%s" } }
        parameters:
          - { name: ADMIN_PASSWORD, value: "%s" }
        """;
    sre.post("/api/v1/templates", withSecret.formatted("hunter2-one", "letmein-one"));
    sre.post("/api/v1/templates", withSecret.formatted("hunter2-two", "letmein-one"));
    Api.Response diff = sre.get("/api/v1/templates/secret-diff/diff?from=1&to=2");
    assertThat(diff.body()).doesNotContain("hunter2").doesNotContain("letmein").contains("sha256:");
    List<String> changed = new ArrayList<>();
    diff.json()
        .path("lines")
        .forEach(
            l -> {
              if (!l.path("change").asString().equals(" ")) {
                changed.add(l.path("change").asString());
              }
            });
    assertThat(changed).containsExactly("-", "+");
  }

  @Test
  void aPolicyValueOfTheWrongFormIsNamedInTheRequestsOwnTerms() {
    Api.Response response =
        sre.put("/api/v1/templates/postgresql/policy", "{\"maxTtl\": \"soon\"}");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("detail").asString())
        .contains("maxTtl must be an ISO-8601 duration")
        .doesNotContain("dev.slipway")
        .doesNotContain("java.");
  }

  @Test
  void aPolicyWithNullEntriesIsABadRequestNotACrash() {
    Api.Response response =
        sre.put(
            "/api/v1/templates/postgresql/policy",
            "{\"allowedGroups\": [null], \"allowedRoles\": [null], \"quota\": {\"pods\": null}}");
    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.body())
        .contains("allowedGroups[0]")
        .contains("allowedRoles[0]")
        .contains("quota.pods");
  }

  @Test
  void aRejectedImportStoresNothing() {
    String list =
        "{\"kind\": \"List\", \"items\": [%s, {\"kind\": \"Template\", \"apiVersion\": \"v1\", \"metadata\": {\"name\": \"broken\"}}]}"
            .formatted(EchoTemplate.json("echo-atomic", "a:1"));
    assertThat(sre.post("/api/v1/templates", list).status()).isEqualTo(400);
    assertThat(sre.get("/api/v1/templates/echo-atomic/versions").status()).isEqualTo(404);
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(t -> names.add(t.path("name").asString()));
    return names;
  }

  private static JsonNode entry(JsonNode templates, String name) {
    for (JsonNode t : templates) {
      if (t.path("name").asString().equals(name)) {
        return t;
      }
    }
    throw new AssertionError(name + " not in " + templates);
  }
}
