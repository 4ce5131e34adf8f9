package dev.slipway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.Compat;
import dev.slipway.PortalTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Real OpenShift templates, written by others, import unchanged and instantiate as EXPECTED.json
 * (shared/compat/openshift-templates) says OpenShift would.
 */
@PortalTest
class CompatibilityIT {

  @LocalServerPort int port;

  static Stream<JsonNode> expected() {
    JsonNode all = Api.JSON.readTree(Compat.file("openshift-templates/EXPECTED.json").toFile());
    List<JsonNode> out = new ArrayList<>();
    all.forEach(out::add);
    return out.stream();
  }

  static int nonStringChecks;

  /**
   * Templates that would reach beyond their namespace, refused at import (adr/0007): file → the
   * object the refusal names. Jenkins binds its ServiceAccount to the namespace's {@code edit}
   * role.
   */
  static final Map<String, String> REFUSED = Map.of("jenkins-ephemeral.json", "/objects/4/kind");

  @Test
  void allNineteenTemplatesAreCovered() {
    assertThat(expected()).hasSize(19);
  }

  @org.junit.jupiter.api.AfterAll
  static void theNonStringCasesWereChecked() {
    long cases =
        expected()
            .filter(e -> !REFUSED.containsKey(e.path("file").asString()))
            .mapToLong(e -> e.path("non_string_substitutions").size())
            .sum();
    assertThat(cases).isPositive();
    assertThat(nonStringChecks).as("${{P}} substitutions checked").isEqualTo((int) cases);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expected")
  void importsUnchangedAndInstantiatesAsOpenShiftWould(JsonNode expected) throws IOException {
    Api sre = Api.basic(port, "sre", "sre");
    Path file = Compat.file("openshift-templates/" + expected.path("file").asString());
    String name = expected.path("name").asString();

    Api.Response imported = sre.post("/api/v1/templates?publish=true", Files.readString(file));
    String refusedAt = REFUSED.get(expected.path("file").asString());
    if (refusedAt != null) {
      assertThat(imported.status()).as(imported.body()).isEqualTo(400);
      assertThat(imported.json().path("errors").get(0).path("path").asString())
          .isEqualTo(refusedAt);
      assertThat(imported.json().path("errors").get(0).path("message").asString())
          .startsWith("RoleBinding (RoleBinding.authorization.openshift.io) is not a kind");
      assertThat(imported.json().path("errors")).hasSize(1);
      return;
    }
    assertThat(imported.status()).as(imported.body()).isEqualTo(201);
    JsonNode entry = imported.json().path("imported").get(0);
    assertThat(entry.path("name").asString()).isEqualTo(name);
    List<String> warnedAbout = new ArrayList<>();
    entry.path("warnings").forEach(w -> warnedAbout.add(w.path("message").asString()));
    expected
        .path("undeclared_references_left_untouched")
        .forEach(
            ref ->
                assertThat(warnedAbout)
                    .anyMatch(
                        m ->
                            m.contains(
                                "undeclared parameter "
                                    + ref.path("param").asString(ref.asString()))));

    JsonNode template = catalogEntry(sre, name);
    if (!expected.path("displayName").isNull()) {
      assertThat(template.path("displayName").asString())
          .isEqualTo(expected.path("displayName").asString());
    }
    List<String> expectedParameters = new ArrayList<>();
    expected.path("parameters").forEach(p -> expectedParameters.add(p.path("name").asString()));
    List<String> parameters = new ArrayList<>();
    template.path("parameters").forEach(p -> parameters.add(p.path("name").asString()));
    assertThat(parameters).containsExactlyElementsOf(expectedParameters);
    for (int i = 0; i < expected.path("parameters").size(); i++) {
      JsonNode want = expected.path("parameters").get(i);
      JsonNode got = template.path("parameters").get(i);
      assertThat(got.path("required").asBoolean())
          .as(want.path("name").asString())
          .isEqualTo(want.path("required").asBoolean());
      assertThat(got.path("generated").asBoolean()).isEqualTo(!want.path("generate").isNull());
      String value = want.path("value").asString("");
      // Literal secret defaults are the template's business; the catalog shows a mask.
      assertThat(got.path("defaultValue").asString())
          .isEqualTo(
              TemplateParameter.looksSecret(want.path("name").asString()) && !value.isEmpty()
                  ? RenderedTemplate.MASK
                  : value);
    }

    List<String> mustSupply = new ArrayList<>();
    expected
        .path("parameters")
        .forEach(
            p -> {
              if (p.path("must_be_supplied").asBoolean()) {
                mustSupply.add(p.path("name").asString());
              }
            });
    Api.Response rendered = sre.post("/api/v1/templates/" + name + "/render", "{}");
    if (!mustSupply.isEmpty()) {
      assertThat(rendered.status()).isEqualTo(400);
      for (String parameter : mustSupply) {
        assertThat(rendered.json().path("detail").asString()).contains(parameter);
        assertThat(rendered.body()).contains("\"field\":\"parameters." + parameter + "\"");
      }
      // Given what it must be given, it renders like the others.
      Map<String, String> given = new HashMap<>();
      mustSupply.forEach(p -> given.put(p, "someone"));
      rendered =
          sre.post(
              "/api/v1/templates/" + name + "/render",
              Api.JSON.writeValueAsString(Map.of("parameters", given)));
    }
    assertThat(rendered.status()).as(rendered.body()).isEqualTo(200);
    JsonNode objects = rendered.json().path("objects");
    assertThat(objects.size()).isEqualTo(expected.path("object_count").asInt());

    Map<String, Integer> kinds = new HashMap<>();
    objects.forEach(o -> kinds.merge(o.path("kind").asString(), 1, Integer::sum));
    Map<String, Integer> expectedKinds = new HashMap<>();
    expected.path("object_kinds").forEachEntry((k, v) -> expectedKinds.put(k, v.asInt()));
    assertThat(kinds).isEqualTo(expectedKinds);

    for (JsonNode object : objects) {
      expected
          .path("template_labels")
          .forEachEntry(
              (k, v) -> {
                if (!v.asString().contains("${") && !k.contains("${")) {
                  assertThat(object.path("metadata").path("labels").path(k).asString())
                      .as("template label %s on %s", k, object.path("kind").asString())
                      .isEqualTo(v.asString());
                }
              });
      if ("Secret".equals(object.path("kind").asString())) {
        object.path("stringData").forEach(v -> assertThat(v.asString()).isEqualTo("••••••"));
        object.path("data").forEach(v -> assertThat(v.asString()).isEqualTo("••••••"));
      }
    }
    for (JsonNode substitution : expected.path("non_string_substitutions")) {
      String param = substitution.path("param").asString();
      JsonNode value =
          rendered
              .json()
              .path("objects")
              .at(substitution.path("path").asString().substring("/objects".length()));
      String defaultValue = "";
      for (JsonNode p : expected.path("parameters")) {
        if (p.path("name").asString().equals(param)) {
          defaultValue = p.path("value").asString("");
        }
      }
      assertThat((JsonNode) value)
          .as(
              "%s (${{%s}}) is the JSON value %s",
              substitution.path("path").asString(), param, defaultValue)
          .isEqualTo(Api.JSON.readTree(defaultValue));
      nonStringChecks++;
    }
    for (JsonNode stripped : expected.path("hardcoded_namespaces_stripped_on_instantiation")) {
      String path = stripped.isString() ? stripped.asString() : stripped.path("path").asString();
      String objectPath =
          path.substring("/objects".length()).replaceAll("/metadata/namespace$", "");
      assertThat(rendered.json().path("objects").at(objectPath).path("metadata").has("namespace"))
          .isFalse();
    }
  }

  private static JsonNode catalogEntry(Api api, String name) {
    for (JsonNode t : api.get("/api/v1/templates").json()) {
      if (t.path("name").asString().equals(name)) {
        return t;
      }
    }
    throw new AssertionError("template " + name + " is not in the catalog");
  }
}
