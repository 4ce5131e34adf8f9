package dev.slipway.templates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A test-only stand-in for {@code oc process} with every parameter left at its default: {@code
 * ${P}} inside any string (mapping keys too) becomes the parameter's value, a string that is
 * exactly {@code ${{P}}} becomes the JSON-decoded value, and the template's {@code labels} are
 * merged into every object's {@code metadata.labels}. The {@code slo} section is substituted the
 * same way, as Slipway does before reading it.
 *
 * <p>Generated parameters get {@link #GENERATED}; required parameters without a default get {@code
 * sample-<name>}, the stand-in for what a developer types. References to undeclared parameters are
 * left as written, as OpenShift does.
 */
final class DefaultsRenderer {

  /** The value every {@code generate: expression} parameter renders to. */
  static final String GENERATED = "fakeGenerated0123";

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([a-zA-Z0-9_]+)}");
  private static final Pattern WHOLE_JSON_REFERENCE =
      Pattern.compile("^\\$\\{\\{([a-zA-Z0-9_]+)}}$");
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  /** The rendered template: objects with labels applied, the rendered labels and SLO section. */
  record Rendered(
      Map<String, String> values, List<JsonNode> objects, JsonNode labels, JsonNode slo) {}

  private DefaultsRenderer() {}

  static Rendered render(JsonNode template) {
    Map<String, String> values = defaults(template);
    JsonNode labels = substitute(template.path("labels"), values);
    List<JsonNode> objects = new ArrayList<>();
    for (JsonNode object : template.path("objects")) {
      ObjectNode rendered = (ObjectNode) substitute(object, values);
      applyLabels(rendered, labels);
      objects.add(rendered);
    }
    return new Rendered(values, objects, labels, substitute(template.path("slo"), values));
  }

  /** The value each declared parameter takes when the developer supplies nothing. */
  static Map<String, String> defaults(JsonNode template) {
    Map<String, String> values = new LinkedHashMap<>();
    for (JsonNode p : template.path("parameters")) {
      String name = p.path("name").asString();
      String value = p.path("value").asString("");
      if (value.isEmpty() && "expression".equals(p.path("generate").asString(""))) {
        value = GENERATED;
      } else if (value.isEmpty() && p.path("required").asBoolean(false)) {
        value = "sample-" + name.toLowerCase(Locale.ROOT).replace('_', '-');
      }
      values.put(name, value);
    }
    return values;
  }

  private static JsonNode substitute(JsonNode node, Map<String, String> values) {
    if (node.isString()) {
      return substituteString(node.asString(), values);
    }
    if (node instanceof ObjectNode object) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      object.forEachEntry((key, child) -> out.set(replace(key, values), substitute(child, values)));
      return out;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      array.forEach(child -> out.add(substitute(child, values)));
      return out;
    }
    return node.deepCopy();
  }

  private static JsonNode substituteString(String s, Map<String, String> values) {
    Matcher whole = WHOLE_JSON_REFERENCE.matcher(s);
    if (whole.matches() && values.containsKey(whole.group(1))) {
      String value = values.get(whole.group(1));
      try {
        JsonNode decoded = JSON.readTree(value);
        if (decoded != null && !decoded.isMissingNode()) {
          return decoded;
        }
      } catch (JacksonException notJson) {
        // OpenShift keeps a value that is not JSON as a string.
      }
      return JsonNodeFactory.instance.stringNode(value);
    }
    return JsonNodeFactory.instance.stringNode(replace(s, values));
  }

  private static String replace(String s, Map<String, String> values) {
    Matcher m = REFERENCE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void applyLabels(ObjectNode object, JsonNode labels) {
    if (!(labels instanceof ObjectNode templateLabels) || templateLabels.isEmpty()) {
      return;
    }
    ObjectNode metadata =
        object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
    ObjectNode objectLabels =
        metadata.get("labels") instanceof ObjectNode l ? l : metadata.putObject("labels");
    templateLabels.forEachEntry(objectLabels::set);
  }
}
