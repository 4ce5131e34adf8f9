package dev.slipway.catalog.internal;

import dev.slipway.catalog.ParameterProblem;
import dev.slipway.catalog.TemplateParameter;
import dev.slipway.catalog.TemplateRenderException;
import dev.slipway.shared.JsonPointers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * Instantiates an OpenShift template locally with the semantics of library-go's {@code
 * templateprocessing}: {@code ${P}} inside any string (keys too), {@code ${{P}}} as a whole string
 * replaced by the JSON-decoded value, the template's {@code labels} merged into every object.
 *
 * <p>Substitution works on the parsed tree, never on text, so a value can never add structure:
 * quotes, newlines or YAML in a value stay characters of one string.
 */
public final class TemplateProcessor {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([a-zA-Z0-9_]+?)}");
  private static final Pattern WHOLE_JSON_REFERENCE =
      Pattern.compile("^\\$\\{\\{([a-zA-Z0-9_]+)}}$");
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final ExpressionValueGenerator generator;

  public TemplateProcessor(ExpressionValueGenerator generator) {
    this.generator = generator;
  }

  /**
   * The processed objects, and for each the {@code ${{P}}} parameters whose value stayed a string;
   * the values of generated and secret-named parameters, for redaction.
   *
   * @param slo the template's {@code slo} section with parameters substituted; empty when it has
   *     none
   * @param origins for each object: which parameters' values went into the value (or key) at each
   *     JSON pointer, so a value Kubernetes would refuse is blamed on the parameter that gave it
   */
  public record Processed(
      List<Map<String, Object>> objects,
      List<Set<String>> untypedParameters,
      Set<String> sensitiveValues,
      Map<String, Object> slo,
      List<Map<String, Set<String>>> origins) {}

  /**
   * Returns the template's objects with parameters substituted and labels applied.
   *
   * @throws TemplateRenderException naming every unknown, missing or ungeneratable parameter
   */
  public Processed process(JsonNode template, Map<String, String> supplied) {
    Set<String> sensitive = new HashSet<>();
    Map<String, String> values = resolveValues(template, supplied, sensitive);
    Map<String, Set<String>> labelOrigins = new HashMap<>();
    JsonNode labels =
        substitute(template.path("labels"), values, new HashSet<>(), "", labelOrigins);
    List<Map<String, Object>> objects = new ArrayList<>();
    List<Set<String>> untyped = new ArrayList<>();
    List<Map<String, Set<String>>> origins = new ArrayList<>();
    for (JsonNode object : template.path("objects")) {
      if (!(object instanceof ObjectNode original)) {
        continue;
      }
      Set<String> untypedHere = new TreeSet<>();
      Map<String, Set<String>> originsHere = new HashMap<>();
      ObjectNode processed =
          (ObjectNode) substitute(original.deepCopy(), values, untypedHere, "", originsHere);
      dropNamespace(processed);
      applyLabels(processed, labels, labelOrigins, originsHere);
      objects.add(toMap(processed));
      untyped.add(untypedHere);
      origins.add(Map.copyOf(originsHere));
    }
    JsonNode slo = template.path("slo");
    Map<String, Object> substitutedSlo =
        slo instanceof ObjectNode section
            ? toMap(
                (ObjectNode)
                    substitute(section.deepCopy(), values, new TreeSet<>(), "", new HashMap<>()))
            : Map.of();
    return new Processed(objects, untyped, sensitive, substitutedSlo, origins);
  }

  private Map<String, String> resolveValues(
      JsonNode template, Map<String, String> supplied, Set<String> sensitive) {
    List<ParameterProblem> problems = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    for (JsonNode parameter : template.path("parameters")) {
      values.put(parameter.path("name").asString(), "");
    }
    supplied.keySet().stream()
        .filter(name -> !values.containsKey(name))
        .sorted()
        .forEach(name -> problems.add(new ParameterProblem(name, "unknown parameter name")));

    for (JsonNode parameter : template.path("parameters")) {
      String name = parameter.path("name").asString();
      String value = supplied.get(name);
      if (value == null) {
        value = parameter.path("value").asString("");
      }
      if (value.isEmpty() && parameter.has("generate")) {
        String generate = parameter.path("generate").asString();
        if (!"expression".equals(generate)) {
          problems.add(new ParameterProblem(name, "unknown generator '" + generate + "'"));
          continue;
        }
        try {
          value = generator.generate(parameter.path("from").asString());
          sensitive.add(value);
        } catch (IllegalArgumentException e) {
          problems.add(new ParameterProblem(name, e.getMessage()));
          continue;
        }
      }
      if (value.isEmpty() && parameter.path("required").asBoolean(false)) {
        problems.add(
            new ParameterProblem(name, "parameter " + name + " is required and must be specified"));
      }
      if (TemplateParameter.looksSecret(name)) {
        sensitive.add(value);
      }
      values.put(name, value);
    }
    if (!problems.isEmpty()) {
      throw new TemplateRenderException(problems);
    }
    return values;
  }

  /**
   * A namespace in a template is never followed: a fixed one is dropped, as OpenShift does, and so
   * is one a parameter filled (OpenShift would follow that, into any namespace the requester names;
   * the import refuses such templates, and versions stored before that rule end here). Objects go
   * to the environment's namespace only.
   */
  private static void dropNamespace(ObjectNode object) {
    if (object.get("metadata") instanceof ObjectNode m) {
      m.remove("namespace");
    }
  }

  private static JsonNode substitute(
      JsonNode node,
      Map<String, String> values,
      Set<String> untyped,
      String pointer,
      Map<String, Set<String>> origins) {
    if (node.isString()) {
      Set<String> used = referenced(node.asString(), values);
      if (!used.isEmpty()) {
        origins.computeIfAbsent(pointer, p -> new TreeSet<>()).addAll(used);
      }
      return substituteString(node.asString(), values, untyped);
    }
    if (node instanceof ObjectNode object) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      object.forEachEntry(
          (key, child) -> {
            String replaced = replaceReferences(key, values);
            String at = pointer + "/" + JsonPointers.escape(replaced);
            Set<String> used = referenced(key, values);
            if (!used.isEmpty()) {
              origins.computeIfAbsent(at, p -> new TreeSet<>()).addAll(used);
            }
            out.set(replaced, substitute(child, values, untyped, at, origins));
          });
      return out;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < array.size(); i++) {
        out.add(substitute(array.get(i), values, untyped, pointer + "/" + i, origins));
      }
      return out;
    }
    return node;
  }

  /** The declared parameters a string refers to, as {@code ${P}} or {@code ${{P}}}. */
  private static Set<String> referenced(String s, Map<String, String> values) {
    Set<String> used = new TreeSet<>();
    Matcher whole = WHOLE_JSON_REFERENCE.matcher(s);
    if (whole.matches() && values.containsKey(whole.group(1))) {
      used.add(whole.group(1));
    }
    Matcher m = REFERENCE.matcher(s);
    while (m.find()) {
      if (values.containsKey(m.group(1))) {
        used.add(m.group(1));
      }
    }
    return used;
  }

  private static JsonNode substituteString(
      String s, Map<String, String> values, Set<String> untyped) {
    Matcher whole = WHOLE_JSON_REFERENCE.matcher(s);
    if (whole.matches() && values.containsKey(whole.group(1))) {
      String value = values.get(whole.group(1));
      try {
        JsonNode parsed = JSON.readTree(value);
        if (parsed != null && !parsed.isMissingNode()) {
          return parsed;
        }
        untyped.add(whole.group(1));
        return JsonNodeFactory.instance.stringNode(value);
      } catch (JacksonException notJson) {
        untyped.add(whole.group(1));
        return JsonNodeFactory.instance.stringNode(value);
      }
    }
    return JsonNodeFactory.instance.stringNode(replaceReferences(s, values));
  }

  private static String replaceReferences(String s, Map<String, String> values) {
    Matcher m = REFERENCE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void applyLabels(
      ObjectNode object,
      JsonNode labels,
      Map<String, Set<String>> labelOrigins,
      Map<String, Set<String>> origins) {
    if (!(labels instanceof ObjectNode templateLabels) || templateLabels.isEmpty()) {
      return;
    }
    ObjectNode metadata =
        object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
    ObjectNode objectLabels =
        metadata.get("labels") instanceof ObjectNode l ? l : metadata.putObject("labels");
    templateLabels.forEachEntry(
        (key, value) -> {
          objectLabels.set(key, value);
          String at = "/metadata/labels/" + JsonPointers.escape(key);
          origins.remove(at);
          Set<String> used = labelOrigins.get("/" + JsonPointers.escape(key));
          if (used != null) {
            origins.put(at, used);
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> toMap(ObjectNode node) {
    return new LinkedHashMap<>(JSON.convertValue(node, LinkedHashMap.class));
  }
}
