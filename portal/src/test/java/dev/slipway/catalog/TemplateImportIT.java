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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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
    return """
        apiVersion: template.openshift.io/v1
        kind: Template
        metadata:
          name: %s
          annotations:
            openshift.io/display-name: Echo service %s
            description: An echo server for tests.
            tags: test,echo
            iconClass: icon-go-gopher
            openshift.io/documentation-url: https://example.com/echo
            openshift.io/provider-display-name: Platform team
        labels:
          app: ${NAME}
        objects:
          - apiVersion: v1
            kind: Secret
            metadata: { name: "${NAME}-token" }
            stringData: { token: "${TOKEN}" }
          - apiVersion: apps/v1
            kind: Deployment
            metadata: { name: "${NAME}" }
            spec:
              replicas: ${{REPLICAS}}
              selector: { matchLabels: { app: "${NAME}" } }
              template:
                metadata: { labels: { app: "${NAME}" } }
                spec:
                  containers:
                    - name: echo
                      image: %s
        parameters:
          - name: NAME
            value: echo
            required: true
          - name: REPLICAS
            value: "1"
          - name: TOKEN
            generate: expression
            from: "[a-zA-Z0-9]{24}"
        """
        .formatted(name, name, image);
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
            .formatted(asJson(template("echo-a", "a:1")), asJson(template("echo-b", "b:1")));
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

  // --- the malformed corpus: every bad template is a 400 naming where, never a 500 ---

  static Stream<Arguments> malformed() {
    List<Arguments> cases = new ArrayList<>();
    String valid = asJson(template("corpus", "echo:1"));
    // Text that is not a template document at all.
    cases.add(Arguments.of("empty body", " ", "", "empty"));
    cases.add(
        Arguments.of(
            "YAML syntax error", "kind: Template\n  metadata: [", "", "not valid YAML or JSON"));
    cases.add(
        Arguments.of(
            "JSON syntax error", "{\"kind\": \"Template\",", "", "not valid YAML or JSON"));
    cases.add(
        Arguments.of(
            "unclosed quote", "kind: \"Template\nmetadata: {}", "", "not valid YAML or JSON"));
    cases.add(
        Arguments.of(
            "tab indentation",
            "kind: Template\nmetadata:\n\tname: x",
            "",
            "not valid YAML or JSON"));
    cases.add(
        Arguments.of(
            "YAML alias",
            "kind: Template\nmetadata: &m { name: x }\nobjects:\n  - metadata: *m\n",
            "",
            "YAML aliases are not supported (*m at line 4)"));
    cases.add(Arguments.of("a scalar", "just words", "", "expected a Template or a List"));
    cases.add(Arguments.of("a number", "42", "", "expected a Template or a List"));
    cases.add(Arguments.of("a list at the root", "[1, 2]", "", "expected a Template or a List"));
    cases.add(Arguments.of("null document", "null", "", "empty"));
    cases.add(Arguments.of("only comments", "# nothing here\n", "", "empty"));
    cases.add(
        Arguments.of("deeply nested", "[".repeat(5000) + "]".repeat(5000), "", "nesting depth"));
    cases.add(
        Arguments.of(
            "empty List",
            "{\"kind\": \"List\", \"items\": []}",
            "/items",
            "at least one Template"));
    cases.add(
        Arguments.of(
            "List of scalars",
            "{\"kind\": \"List\", \"items\": [1]}",
            "/items/0",
            "expected a Template object"));
    cases.add(
        Arguments.of(
            "List with a non-template",
            "{\"kind\": \"List\", \"items\": [{\"kind\": \"Pod\"}]}",
            "/items/0/kind",
            "expected Template"));
    cases.add(
        Arguments.of(
            "same name twice in a List",
            "{\"kind\": \"List\", \"items\": [" + valid + ", " + valid + "]}",
            "/items/1/metadata/name",
            "appears twice"));
    // Mutations of a valid template, each breaking one thing.
    cases.add(mutated(valid, "wrong kind", "/kind", "\"Pod\"", "/kind", "expected Template"));
    cases.add(mutated(valid, "no kind", "/kind", null, "/kind", "kind is missing"));
    cases.add(mutated(valid, "kind is a number", "/kind", "3", "/kind", "expected Template"));
    cases.add(
        mutated(
            valid,
            "wrong apiVersion",
            "/apiVersion",
            "\"apps/v1\"",
            "/apiVersion",
            "is not template.openshift.io/v1"));
    cases.add(
        mutated(
            valid,
            "no apiVersion",
            "/apiVersion",
            null,
            "/apiVersion",
            "is not template.openshift.io/v1"));
    cases.add(mutated(valid, "no name", "/metadata/name", null, "/metadata/name", "needs a name"));
    cases.add(
        mutated(
            valid,
            "upper-case name",
            "/metadata/name",
            "\"Echo\"",
            "/metadata/name",
            "is not a valid name"));
    cases.add(
        mutated(
            valid,
            "name with spaces",
            "/metadata/name",
            "\"my template\"",
            "/metadata/name",
            "is not a valid name"));
    cases.add(
        mutated(
            valid,
            "name too long",
            "/metadata/name",
            "\"" + "a".repeat(254) + "\"",
            "/metadata/name",
            "at most 253"));
    cases.add(mutated(valid, "no metadata", "/metadata", null, "/metadata/name", "needs a name"));
    cases.add(mutated(valid, "no objects", "/objects", null, "/objects", "creates no objects"));
    cases.add(mutated(valid, "empty objects", "/objects", "[]", "/objects", "creates no objects"));
    cases.add(
        mutated(
            valid, "objects is a mapping", "/objects", "{\"a\": 1}", "/objects", "must be a list"));
    cases.add(
        mutated(valid, "objects is a string", "/objects", "\"x\"", "/objects", "must be a list"));
    cases.add(
        mutated(
            valid,
            "an object is a string",
            "/objects/0",
            "\"Secret\"",
            "/objects/0",
            "must be a mapping"));
    cases.add(
        mutated(
            valid, "an object is null", "/objects/0", "null", "/objects/0", "must be a mapping"));
    cases.add(
        mutated(
            valid,
            "object without kind",
            "/objects/1/kind",
            null,
            "/objects/1/kind",
            "has no kind"));
    cases.add(
        mutated(
            valid,
            "object with empty kind",
            "/objects/1/kind",
            "\"\"",
            "/objects/1/kind",
            "has no kind"));
    cases.add(
        mutated(
            valid,
            "object kind is a list",
            "/objects/1/kind",
            "[\"Deployment\"]",
            "/objects/1/kind",
            "has no kind"));
    cases.add(
        mutated(
            valid,
            "object without apiVersion",
            "/objects/0/apiVersion",
            null,
            "/objects/0/apiVersion",
            "has no apiVersion"));
    cases.add(
        mutated(
            valid,
            "object without metadata",
            "/objects/0/metadata",
            null,
            "/objects/0/metadata",
            "has no metadata"));
    cases.add(
        mutated(
            valid,
            "object without name",
            "/objects/1/metadata/name",
            null,
            "/objects/1/metadata/name",
            "has no name"));
    cases.add(
        mutated(
            valid,
            "object with blank name",
            "/objects/1/metadata/name",
            "\"  \"",
            "/objects/1/metadata/name",
            "has no name"));
    cases.add(
        mutated(
            valid,
            "parameters is a mapping",
            "/parameters",
            "{\"NAME\": \"x\"}",
            "/parameters",
            "must be a list"));
    cases.add(
        mutated(
            valid,
            "parameter is a string",
            "/parameters/0",
            "\"NAME\"",
            "/parameters/0",
            "must be an object"));
    cases.add(
        mutated(
            valid,
            "parameter without name",
            "/parameters/1/name",
            null,
            "/parameters/1/name",
            "needs a name"));
    cases.add(
        mutated(
            valid,
            "parameter name with dash",
            "/parameters/1/name",
            "\"MY-PARAM\"",
            "/parameters/1/name",
            "is not a parameter name"));
    cases.add(
        mutated(
            valid,
            "parameter name with space",
            "/parameters/1/name",
            "\"MY PARAM\"",
            "/parameters/1/name",
            "is not a parameter name"));
    cases.add(
        mutated(
            valid,
            "duplicate parameter",
            "/parameters/2/name",
            "\"NAME\"",
            "/parameters/2/name",
            "duplicate parameter name NAME"));
    cases.add(
        mutated(
            valid,
            "unknown generator",
            "/parameters/2/generate",
            "\"random\"",
            "/parameters/2/generate",
            "unknown generator 'random'"));
    cases.add(
        mutated(
            valid,
            "generator without from",
            "/parameters/2/from",
            null,
            "/parameters/2/from",
            "needs a from expression"));
    cases.add(
        mutated(
            valid,
            "malformed expression",
            "/parameters/2/from",
            "\"[ABC]{3}\"",
            "/parameters/2/from",
            "malformed expression"));
    cases.add(
        mutated(
            valid,
            "inverted range",
            "/parameters/2/from",
            "\"[Z-A]{3}\"",
            "/parameters/2/from",
            "runs backwards"));
    cases.add(
        mutated(
            valid,
            "count too large",
            "/parameters/2/from",
            "\"[A-Z]{300}\"",
            "/parameters/2/from",
            "between 1 and 255"));
    cases.add(
        mutated(
            valid,
            "count zero",
            "/parameters/2/from",
            "\"[A-Z]{0}\"",
            "/parameters/2/from",
            "between 1 and 255"));
    cases.add(
        mutated(
            valid,
            "value is a number",
            "/parameters/1/value",
            "1",
            "/parameters/1/value",
            "must be a string"));
    cases.add(
        mutated(
            valid,
            "value is a mapping",
            "/parameters/0/value",
            "{\"a\": 1}",
            "/parameters/0/value",
            "must be a string"));
    cases.add(
        mutated(
            valid,
            "required is a string",
            "/parameters/0/required",
            "\"yes\"",
            "/parameters/0/required",
            "true or false"));
    cases.add(
        mutated(
            valid,
            "description is a list",
            "/parameters/0/description",
            "[\"x\"]",
            "/parameters/0/description",
            "must be a string"));
    cases.add(
        mutated(
            valid, "labels is a list", "/labels", "[\"app\"]", "/labels", "mapping of strings"));
    cases.add(
        mutated(
            valid,
            "label value is a number",
            "/labels/app",
            "1",
            "/labels/app",
            "must be a string"));
    cases.add(
        mutated(
            valid,
            "readiness timeout of a day",
            "/metadata/annotations/slipway.dev~1readiness-timeout",
            "\"P1D\"",
            "/metadata/annotations/slipway.dev~1readiness-timeout",
            "longer than the most a template may wait"));
    cases.add(
        mutated(
            valid,
            "readiness timeout as words",
            "/metadata/annotations/slipway.dev~1readiness-timeout",
            "\"ten minutes\"",
            "/metadata/annotations/slipway.dev~1readiness-timeout",
            "not a positive ISO-8601 duration"));
    String slo =
        "{\"objectives\": [{\"name\": \"availability\", \"indicator\": \"availability\", \"objective\": 99.9}]}";
    String withSlo = mutatedJson(valid, "/slo", slo);
    cases.add(mutated(valid, "slo is a list", "/slo", "[]", "/slo", "must be a mapping"));
    cases.add(
        mutated(
            valid,
            "slo without objectives",
            "/slo",
            "{\"objectives\": []}",
            "/slo/objectives",
            "at least one objective"));
    cases.add(
        mutated(
            withSlo,
            "slo with an unknown field",
            "/slo/target",
            "1",
            "/slo/target",
            "unknown field target"));
    cases.add(
        mutated(
            withSlo,
            "objective above 100",
            "/slo/objectives/0/objective",
            "100.5",
            "/slo/objectives/0/objective",
            "not between 0 and 100"));
    cases.add(
        mutated(
            withSlo,
            "objective as text",
            "/slo/objectives/0/objective",
            "\"high\"",
            "/slo/objectives/0/objective",
            "number of percent"));
    cases.add(
        mutated(
            withSlo,
            "unknown indicator",
            "/slo/objectives/0/indicator",
            "\"uptime\"",
            "/slo/objectives/0/indicator",
            "is not one of"));
    cases.add(
        mutated(
            withSlo,
            "window of a week",
            "/slo/objectives/0/window",
            "\"7d\"",
            "/slo/objectives/0/window",
            "30d or 28d"));
    cases.add(
        mutated(
            withSlo,
            "latency without threshold",
            "/slo/objectives/0/indicator",
            "\"latency\"",
            "/slo/objectives/0/threshold",
            "needs a threshold"));
    cases.add(
        mutated(
            withSlo,
            "threshold on availability",
            "/slo/objectives/0/threshold",
            "\"1s\"",
            "/slo/objectives/0/threshold",
            "only latency and log-processing"));
    cases.add(
        mutated(
            withSlo,
            "latency threshold of 90 minutes",
            "/slo/objectives/0",
            "{\"name\": \"latency\", \"indicator\": \"latency\", \"objective\": 99,"
                + " \"threshold\": \"90m\"}",
            "/slo/objectives/0/threshold",
            "more than 60m"));
    cases.add(
        mutated(
            withSlo,
            "objective name with capitals",
            "/slo/objectives/0/name",
            "\"Availability\"",
            "/slo/objectives/0/name",
            "not a DNS-1123 label"));
    return cases.stream();
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
  void theCorpusIsLargeEnough() {
    assertThat(malformed()).hasSizeGreaterThanOrEqualTo(50);
  }

  @Test
  void aRejectedImportStoresNothing() {
    String list =
        "{\"kind\": \"List\", \"items\": [%s, {\"kind\": \"Template\", \"apiVersion\": \"v1\", \"metadata\": {\"name\": \"broken\"}}]}"
            .formatted(asJson(template("echo-atomic", "a:1")));
    assertThat(sre.post("/api/v1/templates", list).status()).isEqualTo(400);
    assertThat(sre.get("/api/v1/templates/echo-atomic/versions").status()).isEqualTo(404);
  }

  private static String mutatedJson(String valid, String pointer, String replacement) {
    return (String) mutated(valid, "", pointer, replacement, "", "").get()[1];
  }

  private static Arguments mutated(
      String valid, String title, String pointer, String replacement, String path, String message) {
    ObjectNode document = (ObjectNode) Api.JSON.readTree(valid);
    String parentPointer = pointer.substring(0, pointer.lastIndexOf('/'));
    String last =
        pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
    JsonNode parent = parentPointer.isEmpty() ? document : document.at(parentPointer);
    JsonNode value = replacement == null ? null : Api.JSON.readTree(replacement);
    if (parent instanceof ObjectNode object) {
      if (value == null) {
        object.remove(last);
      } else {
        object.set(last, value);
      }
    } else if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), value == null ? Api.JSON.nullNode() : value);
    }
    return Arguments.of(title, document.toString(), path, message);
  }

  private static String asJson(String yaml) {
    return Api.JSON.writeValueAsString(
        new tools.jackson.dataformat.yaml.YAMLMapper().readTree(yaml));
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
