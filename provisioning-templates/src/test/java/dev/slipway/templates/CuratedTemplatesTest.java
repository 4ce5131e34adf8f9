package dev.slipway.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Every curated template is well-formed enough for the catalog to offer it. */
class CuratedTemplatesTest {

  static final Path TEMPLATES = Path.of("src/main/resources/slipway/templates");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{\\{?([a-zA-Z0-9_]+)}}?");
  private static final YAMLMapper YAML = new YAMLMapper();

  static List<Path> templates() throws IOException {
    try (Stream<Path> files = Files.list(TEMPLATES)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("templates")
  void isATemplateNamedAfterItsFile(Path file) {
    JsonNode template = YAML.readTree(file.toFile());
    assertThat(template.path("kind").asString()).isEqualTo("Template");
    assertThat(template.path("apiVersion").asString()).isEqualTo("template.openshift.io/v1");
    assertThat(template.path("metadata").path("name").asString() + ".yaml")
        .isEqualTo(file.getFileName().toString());
  }

  @ParameterizedTest
  @MethodSource("templates")
  void carriesTheCatalogAnnotations(Path file) {
    JsonNode annotations = YAML.readTree(file.toFile()).path("metadata").path("annotations");
    for (String key :
        List.of("openshift.io/display-name", "description", "tags", "slipway.dev/version")) {
      assertThat(annotations.path(key).asString()).as(key).isNotBlank();
    }
  }

  @ParameterizedTest
  @MethodSource("templates")
  void declaresEveryParameterItUsesAndUsesEveryParameterItDeclares(Path file) throws IOException {
    JsonNode template = YAML.readTree(file.toFile());
    Set<String> declared = new HashSet<>();
    template.path("parameters").forEach(p -> declared.add(p.path("name").asString()));

    Set<String> used = new HashSet<>();
    String body =
        YAML.writeValueAsString(template.path("objects"))
            + YAML.writeValueAsString(template.path("labels"))
            + YAML.writeValueAsString(template.path("slo"));
    Matcher m = REFERENCE.matcher(body);
    while (m.find()) {
      used.add(m.group(1));
    }
    assertThat(used).as("parameters referenced but not declared").isSubsetOf(declared);
    assertThat(declared).as("parameters declared but never used").isSubsetOf(used);
  }

  @ParameterizedTest
  @MethodSource("templates")
  void everyObjectHasKindApiVersionAndName(Path file) {
    JsonNode objects = YAML.readTree(file.toFile()).path("objects");
    assertThat(objects.size()).isPositive();
    for (JsonNode object : objects) {
      assertThat(object.path("apiVersion").asString()).isNotBlank();
      assertThat(object.path("kind").asString()).isNotBlank();
      assertThat(object.path("metadata").path("name").asString()).isNotBlank();
      assertThat(object.path("metadata").has("namespace"))
          .as("objects must not pin a namespace: each environment has its own")
          .isFalse();
    }
  }

  /** The portal's default allow-list (slipway.catalog.allowed-kinds), beside this module. */
  static final Path PORTAL_CONFIG = Path.of("../portal/src/main/resources/application.yaml");

  @ParameterizedTest
  @MethodSource("templates")
  void createsOnlyKindsThePortalAllowsByDefault(Path file) {
    Set<String> allowed = new HashSet<>();
    YAML.readTree(PORTAL_CONFIG.toFile())
        .path("slipway")
        .path("catalog")
        .path("allowed-kinds")
        .forEach(k -> allowed.add(k.asString()));
    assertThat(allowed).isNotEmpty();
    for (JsonNode object : YAML.readTree(file.toFile()).path("objects")) {
      String apiVersion = object.path("apiVersion").asString();
      String group =
          apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
      String kind = object.path("kind").asString();
      assertThat(allowed)
          .as("%s is on slipway.catalog.allowed-kinds", kind)
          .contains(group.isEmpty() ? kind : kind + "." + group);
    }
  }

  @ParameterizedTest
  @MethodSource("templates")
  void generatesEveryPasswordInsteadOfDefaultingIt(Path file) {
    for (JsonNode p : YAML.readTree(file.toFile()).path("parameters")) {
      if (p.path("name").asString().contains("PASSWORD")) {
        assertThat(p.path("generate").asString())
            .as(p.path("name").asString())
            .isEqualTo("expression");
        assertThat(p.has("value")).as(p.path("name").asString()).isFalse();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("templates")
  void deploysWithDeploymentsNotDeploymentConfigs(Path file) {
    for (JsonNode object : YAML.readTree(file.toFile()).path("objects")) {
      assertThat(object.path("kind").asString()).isNotEqualTo("DeploymentConfig");
      if (object.path("kind").asString().equals("Deployment")) {
        assertThat(object.path("apiVersion").asString()).isEqualTo("apps/v1");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("templates")
  void runsEveryContainerAsPodSecurityRestrictedAsks(Path file) {
    for (JsonNode object : YAML.readTree(file.toFile()).path("objects")) {
      JsonNode pod = object.path("spec").path("template").path("spec");
      for (String list : List.of("containers", "initContainers")) {
        for (JsonNode container : pod.path(list)) {
          JsonNode securityContext = container.path("securityContext");
          String what = object.path("metadata").path("name") + "/" + container.path("name");
          assertThat(securityContext.path("allowPrivilegeEscalation").isBoolean())
              .as(what)
              .isTrue();
          assertThat(securityContext.path("allowPrivilegeEscalation").asBoolean())
              .as(what)
              .isFalse();
          assertThat(securityContext.path("capabilities").path("drop").toString())
              .as(what)
              .isEqualTo("[\"ALL\"]");
          // What Pod Security "restricted" asks of every container, as each namespace enforces.
          assertThat(securityContext.path("runAsNonRoot").asBoolean(false)).as(what).isTrue();
          assertThat(securityContext.path("seccompProfile").path("type").asString(""))
              .as(what)
              .isEqualTo("RuntimeDefault");
        }
      }
    }
  }
}
