package dev.slipway.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every curated template, rendered with its defaults as a developer who changes nothing gets it:
 * fully substituted, labelled, with readable dashboards and a valid {@code slo} section.
 */
class RenderedTemplatesTest {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  private static final List<String> CATALOG_ANNOTATIONS =
      List.of(
          "openshift.io/display-name",
          "description",
          "openshift.io/provider-display-name",
          "iconClass",
          "tags",
          "slipway.dev/version");
  private static final Pattern LABEL_NAME =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
              + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  static List<Path> templates() throws IOException {
    return CuratedTemplatesTest.templates();
  }

  private static JsonNode read(Path file) {
    return YAML.readTree(file.toFile());
  }

  @Test
  void theCuratedSetIsComplete() throws IOException {
    assertThat(templates())
        .map(f -> f.getFileName().toString())
        .containsExactlyInAnyOrder(
            "webapp-postgresql.yaml",
            "postgresql.yaml",
            "redis.yaml",
            "metrics-dashboard.yaml",
            "log-dashboard.yaml");
  }

  @ParameterizedTest
  @MethodSource("templates")
  void everyTemplateHasItsOwnReadme(Path file) {
    String name = file.getFileName().toString().replace(".yaml", "");
    assertThat(Path.of("docs", name + ".md")).isRegularFile();
    assertThat(Path.of("README.md")).content().contains("(docs/" + name + ".md)");
  }

  @ParameterizedTest
  @MethodSource("templates")
  void leavesNoReferenceUnsubstituted(Path file) {
    DefaultsRenderer.Rendered rendered = DefaultsRenderer.render(read(file));
    assertThat(YAML.writeValueAsString(rendered.objects())).as("objects").doesNotContain("${");
    assertThat(YAML.writeValueAsString(rendered.labels())).as("labels").doesNotContain("${");
    assertThat(YAML.writeValueAsString(rendered.slo())).as("slo").doesNotContain("${");
  }

  @ParameterizedTest
  @MethodSource("templates")
  void leavesNoRequiredParameterEmpty(Path file) {
    JsonNode template = read(file);
    Map<String, String> values = DefaultsRenderer.defaults(template);
    for (JsonNode p : template.path("parameters")) {
      if (p.path("required").asBoolean(false)) {
        assertThat(values.get(p.path("name").asString()))
            .as(p.path("name").asString())
            .isNotEmpty();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("templates")
  void labelsEveryObjectWithTheTemplateLabels(Path file) {
    JsonNode template = read(file);
    DefaultsRenderer.Rendered rendered = DefaultsRenderer.render(template);
    assertThat(rendered.labels().properties()).as("template labels").isNotEmpty();
    assertThat(rendered.labels().path("template").asString())
        .isEqualTo(template.path("metadata").path("name").asString());

    rendered
        .labels()
        .forEachEntry(
            (key, value) -> {
              assertThat(key).as("label name").matches(LABEL_NAME);
              assertThat(value.isString()).as("label %s is a string", key).isTrue();
              assertThat(value.asString()).as("label %s", key).matches(LABEL_VALUE);
            });
    for (JsonNode object : rendered.objects()) {
      JsonNode labels = object.path("metadata").path("labels");
      String what = object.path("kind").asString() + " " + object.path("metadata").path("name");
      rendered
          .labels()
          .forEachEntry(
              (key, value) ->
                  assertThat(labels.path(key)).as(what + " label " + key).isEqualTo(value));
    }
  }

  @ParameterizedTest
  @MethodSource("templates")
  void objectLabelsDoNotContradictTheTemplateLabels(Path file) {
    JsonNode template = read(file);
    for (JsonNode object : template.path("objects")) {
      object
          .path("metadata")
          .path("labels")
          .forEachEntry(
              (key, value) -> {
                if (template.path("labels").has(key)) {
                  assertThat(value)
                      .as("%s overrides template label %s", object.path("kind"), key)
                      .isEqualTo(template.path("labels").path(key));
                }
              });
    }
  }

  @ParameterizedTest
  @MethodSource("templates")
  void carriesTheCatalogAnnotations(Path file) {
    JsonNode annotations = read(file).path("metadata").path("annotations");
    for (String key : CATALOG_ANNOTATIONS) {
      assertThat(annotations.path(key).isString()).as(key + " is a string").isTrue();
      assertThat(annotations.path(key).asString()).as(key).isNotBlank();
    }
    assertThat(annotations.path("openshift.io/provider-display-name").asString())
        .isEqualTo("Slipway SRE team");
    assertThat(annotations.path("slipway.dev/version").asString()).matches("[1-9][0-9]*");
  }

  @ParameterizedTest
  @MethodSource("templates")
  void dashboardsParseAsJsonAfterSubstitution(Path file) {
    for (JsonNode object : DefaultsRenderer.render(read(file)).objects()) {
      if (!object.path("kind").asString().equals("ConfigMap")) {
        continue;
      }
      String name = object.path("metadata").path("name").asString();
      object
          .path("data")
          .forEachEntry(
              (key, value) -> {
                if (key.endsWith(".json")) {
                  assertThatCode(() -> JSON.readTree(value.asString()))
                      .as("%s/%s", name, key)
                      .doesNotThrowAnyException();
                }
              });
      if (object.path("metadata").path("labels").path("grafana_dashboard").asString().equals("1")) {
        assertThat(object.path("data").propertyNames()).containsExactly(name + ".json");
        JsonNode dashboard = JSON.readTree(object.path("data").path(name + ".json").asString());
        assertThat(dashboard.path("title").asString()).isNotBlank();
        assertThat(dashboard.path("panels").isArray()).isTrue();
        assertThat(dashboard.path("panels").isEmpty()).isFalse();
        for (JsonNode panel : dashboard.path("panels")) {
          assertThat(panel.path("datasource").path("uid").asString()).isNotBlank();
          assertThat(panel.path("targets").isEmpty()).isFalse();
          panel
              .path("targets")
              .forEach(t -> assertThat(t.path("expr").asString()).as("query").isNotBlank());
        }
      }
    }
  }

  /** A reference outside a JSON string would make the unrendered JSON invalid. */
  @ParameterizedTest
  @MethodSource("templates")
  void substitutesDashboardParametersOnlyInsideJsonStrings(Path file) {
    for (JsonNode object : read(file).path("objects")) {
      if (object.path("kind").asString().equals("ConfigMap")) {
        object
            .path("data")
            .forEachEntry(
                (key, value) -> {
                  if (key.endsWith(".json")) {
                    assertThatCode(() -> JSON.readTree(value.asString()))
                        .as(key)
                        .doesNotThrowAnyException();
                  }
                });
      }
    }
  }

  @ParameterizedTest
  @MethodSource("templates")
  void hasAValidSloSection(Path file) {
    JsonNode template = read(file);
    assertThat(template.has("slo")).as("slo section").isTrue();
    assertThat(SloSection.problems(DefaultsRenderer.render(template).slo())).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("templates")
  void hasAnAvailabilityObjective(Path file) {
    List<String> indicators = new ArrayList<>();
    DefaultsRenderer.render(read(file))
        .slo()
        .path("objectives")
        .forEach(o -> indicators.add(o.path("indicator").asString()));
    assertThat(indicators).contains("availability");
  }

  @Test
  void metricsDashboardFiltersEveryQueryByTheService() {
    JsonNode dashboard = dashboard("metrics-dashboard.yaml");
    List<String> expressions = expressions(dashboard);
    assertThat(expressions).hasSize(4);
    assertThat(expressions).allMatch(e -> e.contains("service=\"sample-service\""));
    assertThat(expressions)
        .anyMatch(e -> e.contains("histogram_quantile(0.5,"))
        .anyMatch(e -> e.contains("histogram_quantile(0.99,"))
        .allMatch(e -> e.contains("http_server_requests_seconds_"));
    assertThat(dashboard.path("panels").get(0).path("datasource").path("uid").asString())
        .isEqualTo("prometheus");
  }

  @Test
  void logDashboardShowsTheNamespaceLogsAndTheirVolume() {
    JsonNode dashboard = dashboard("log-dashboard.yaml");
    List<String> types = new ArrayList<>();
    dashboard.path("panels").forEach(p -> types.add(p.path("type").asString()));
    assertThat(types).containsExactlyInAnyOrder("logs", "timeseries");
    assertThat(expressions(dashboard))
        .contains("{kubernetes_namespace_name=\"sample-log-namespace\"}")
        .anyMatch(e -> e.startsWith("sum by") && e.contains("count_over_time("));
    assertThat(dashboard.path("panels").get(0).path("datasource").path("uid").asString())
        .isEqualTo("loki");
  }

  @Test
  void theRendererDecodesWholeJsonReferencesAndGeneratesSecrets() {
    JsonNode template =
        YAML.readTree(
            """
            objects:
              - kind: Thing
                metadata: {name: "${NAME}-x"}
                spec: {replicas: "${{N}}", password: "${PASSWORD}", "${NAME}-key": "v"}
            parameters:
              - {name: NAME, value: a}
              - {name: N, value: "3"}
              - {name: PASSWORD, generate: expression, from: "[a-z]{8}"}
            labels: {template: t}
            """);
    JsonNode object = DefaultsRenderer.render(template).objects().get(0);
    assertThat(object.path("metadata").path("name").asString()).isEqualTo("a-x");
    assertThat(object.path("metadata").path("labels").path("template").asString()).isEqualTo("t");
    assertThat(object.path("spec").path("replicas").isInt()).isTrue();
    assertThat(object.path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(object.path("spec").path("password").asString())
        .isEqualTo(DefaultsRenderer.GENERATED);
    assertThat(object.path("spec").has("a-key")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{objectives: []}",
        "{objectives: [{name: a, indicator: availability, objective: 99.9}], extra: 1}",
        "{objectives: [{name: a, indicator: uptime, objective: 99.9}]}",
        "{objectives: [{name: A_B, indicator: availability, objective: 99.9}]}",
        "{objectives: [{name: a, indicator: availability, objective: 100}]}",
        "{objectives: [{name: a, indicator: availability, objective: 0}]}",
        "{objectives: [{name: a, indicator: availability, objective: '99.9'}]}",
        "{objectives: [{name: a, indicator: availability}]}",
        "{objectives: [{name: a, indicator: availability, objective: 99.9, window: 7d}]}",
        "{objectives: [{name: a, indicator: availability, objective: 99, threshold: 1s}]}",
        "{objectives: [{name: a, indicator: latency, objective: 99}]}",
        "{objectives: [{name: a, indicator: latency, objective: 99, threshold: 1h}]}",
        "{objectives: [{name: a, indicator: latency, objective: 99, threshold: fast}]}",
        "{objectives: [{name: a, indicator: log-processing, objective: 99, threshold: 300}]}",
        "{objectives: [{name: a, indicator: availability, objective: 99, target: 1}]}",
        "{objectives: [{name: a, indicator: availability, objective: 99},"
            + " {name: a, indicator: availability, objective: 99.9}]}"
      })
  void sloRulesRejectAnInvalidSection(String slo) {
    assertThat(SloSection.problems(YAML.readTree(slo))).isNotEmpty();
  }

  @Test
  void sloRulesAcceptTheDocumentedExample() {
    String slo =
        """
        objectives:
          - {name: availability, indicator: availability, objective: 99.9, window: 30d}
          - {name: latency-p50, indicator: latency, threshold: 300ms, objective: 50}
          - {name: latency-p99, indicator: latency, threshold: 1s, objective: 99, window: 28d}
          - {name: logs, indicator: log-processing, threshold: 5m, objective: 99}
        """;
    assertThat(SloSection.problems(YAML.readTree(slo))).isEmpty();
  }

  private static JsonNode dashboard(String file) {
    JsonNode object =
        DefaultsRenderer.render(read(CuratedTemplatesTest.TEMPLATES.resolve(file)))
            .objects()
            .getFirst();
    String name = object.path("metadata").path("name").asString();
    return JSON.readTree(object.path("data").path(name + ".json").asString());
  }

  private static List<String> expressions(JsonNode dashboard) {
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panel.path("targets").forEach(t -> expressions.add(t.path("expr").asString()));
    }
    return expressions;
  }
}
