package dev.slipway.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.catalog.AllowedKinds;
import dev.slipway.catalog.EchoTemplate;
import dev.slipway.catalog.TemplateProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The malformed corpus: every bad template is refused naming where (a JSON pointer) and why, never
 * a crash. The validator is built as {@code TemplateCatalog} builds it, from the portal's own
 * {@code application.yaml}; {@code TemplateImportIT} checks that the API answers such a refusal as
 * a 400 problem detail with these pointers.
 */
class TemplateValidatorTest {

  private static final long MAX_TEMPLATE_BYTES = 1_048_576L;
  private static final int MAX_REPLICAS = 10;

  private final TemplateValidator validator =
      new TemplateValidator(
          new ExpressionValueGenerator(new SecureRandom()),
          MAX_TEMPLATE_BYTES,
          new ObjectRules(AllowedKinds.parse(allowedKinds()), MAX_REPLICAS));

  /** The allow-list the portal runs with ({@code slipway.catalog.allowed-kinds}). */
  private static List<String> allowedKinds() {
    try (InputStream in = TemplateValidatorTest.class.getResourceAsStream("/application.yaml")) {
      JsonNode kinds = new YAMLMapper().readTree(in).at("/slipway/catalog/allowed-kinds");
      List<String> out = new ArrayList<>();
      kinds.forEach(k -> out.add(k.asString()));
      assertThat(out).as("slipway.catalog.allowed-kinds in application.yaml").isNotEmpty();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void acceptsTheEchoTemplate() {
    TemplateValidator.Result result = validator.check(EchoTemplate.yaml("corpus", "echo:1"));
    assertThat(result.accepted()).as(result.allProblems().toString()).isTrue();
  }

  static Stream<Arguments> malformed() {
    List<Arguments> cases = new ArrayList<>();
    String valid = EchoTemplate.json("corpus", "echo:1");
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
    TemplateValidator.Result result = validator.check(document);
    List<TemplateProblem> problems = result.allProblems();
    assertThat(result.accepted()).as(title + ": " + problems).isFalse();
    List<String> where = new ArrayList<>();
    List<String> what = new ArrayList<>();
    problems.forEach(
        p -> {
          where.add(p.path());
          what.add(p.message());
        });
    assertThat(where).as(problems.toString()).contains(path);
    assertThat(String.join("\n", what)).contains(message);
  }

  @Test
  void theCorpusIsLargeEnough() {
    assertThat(malformed()).hasSizeGreaterThanOrEqualTo(50);
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
}
