package dev.slipway.catalog.internal;

import dev.slipway.catalog.TemplateProblem;
import dev.slipway.shared.JsonPointers;
import dev.slipway.slo.SloSection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads an import (YAML or JSON; one {@code Template}, a {@code List} of them, or several YAML
 * documents) and checks each template before anything is stored. Every problem carries a JSON
 * pointer into the submitted document; nothing here throws for bad input.
 */
public final class TemplateValidator {

  // A key given twice is refused naming it, not read as its last value.
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();
  private static final Pattern PARAMETER_NAME = Pattern.compile("[a-zA-Z0-9_]+");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{\\{?([a-zA-Z0-9_]+)}}?");
  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Set<String> TEMPLATE_API_VERSIONS = Set.of("template.openshift.io/v1", "v1");

  private final ExpressionValueGenerator generator;
  private final long maxBytes;
  private final ObjectRules rules;

  public TemplateValidator(ExpressionValueGenerator generator, long maxBytes, ObjectRules rules) {
    this.generator = generator;
    this.maxBytes = maxBytes;
    this.rules = rules;
  }

  /** A template found in the document, where it was, and what is wrong with it. */
  public record Checked(String path, JsonNode template, List<TemplateProblem> problems) {
    public boolean accepted() {
      return problems.stream().allMatch(TemplateProblem::warning);
    }
  }

  /** The result for the whole document: its templates, or the problems that stop it. */
  public record Result(List<Checked> templates, List<TemplateProblem> documentProblems) {
    public boolean accepted() {
      return documentProblems.isEmpty()
          && !templates.isEmpty()
          && templates.stream().allMatch(Checked::accepted);
    }

    public List<TemplateProblem> allProblems() {
      List<TemplateProblem> all = new ArrayList<>(documentProblems);
      templates.forEach(t -> all.addAll(t.problems()));
      return all;
    }
  }

  /** The JSON pointer of the first key or string holding a NUL character, or null. */
  private static @org.jspecify.annotations.Nullable String nulAt(JsonNode node, String pointer) {
    if (node.isString()) {
      return node.asString().indexOf('\u0000') >= 0 ? pointer : null;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = nulAt(node.get(i), pointer + "/" + i);
        if (found != null) {
          return found;
        }
      }
    }
    if (node.isObject()) {
      for (var entry : node.properties()) {
        String at = pointer + "/" + JsonPointers.escape(entry.getKey());
        if (entry.getKey().indexOf('\u0000') >= 0) {
          return at.replace("\u0000", "\\u0000");
        }
        String found = nulAt(entry.getValue(), at);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  public Result check(String document) {
    long bytes = document.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      return refused(
          "",
          "the document is "
              + bytes
              + " bytes; the limit is "
              + maxBytes
              + " (slipway.catalog.max-template-bytes)");
    }
    if (document.isBlank()) {
      return refused("", "the document is empty");
    }
    List<JsonNode> documents = new ArrayList<>();
    // JSON first when it looks like JSON: real templates are often tab-indented JSON, which is
    // not valid YAML.
    String trimmed = document.stripLeading();
    boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
    if (!json) {
      String alias = firstAlias(document);
      if (alias != null) {
        return refused("", alias);
      }
    }
    ObjectReader reader = json ? JSON.readerFor(JsonNode.class) : YAML.readerFor(JsonNode.class);
    try (MappingIterator<JsonNode> it = reader.readValues(document)) {
      if (json) {
        // One JSON value; reading it as a sequence would unwrap a root array into its elements.
        documents.add(JSON.readTree(document));
      }
      while (!json && it.hasNextValue()) {
        JsonNode next = it.nextValue();
        if (next != null && !next.isNull() && !next.isMissingNode()) {
          documents.add(next);
        }
      }
    } catch (JacksonException e) {
      var duplicate = dev.slipway.shared.DuplicateKeys.pointer(e);
      if (duplicate.isPresent()) {
        // The documents read so far number the one that failed, when there are several.
        return refused(
            (documents.isEmpty() ? "" : "/" + documents.size()) + duplicate.get(),
            "the key is given more than once" + where(e.getLocation()));
      }
      return refused(
          "", "not valid YAML or JSON" + where(e.getLocation()) + ": " + e.getOriginalMessage());
    } catch (RuntimeException e) {
      // The parser's own limits (nesting depth, aliases, sizes) end here too: a 400, never a 500.
      return refused("", "the document cannot be read: " + e.getMessage());
    }
    if (documents.isEmpty()) {
      return refused("", "the document is empty");
    }
    for (int d = 0; d < documents.size(); d++) {
      String nul = nulAt(documents.get(d), documents.size() == 1 ? "" : "/" + d);
      if (nul != null) {
        // PostgreSQL cannot store it, and no object field needs it: refused where it is.
        return refused(nul, "contains a NUL character (\\u0000)");
      }
    }

    List<Checked> templates = new ArrayList<>();
    List<TemplateProblem> documentProblems = new ArrayList<>();
    for (int d = 0; d < documents.size(); d++) {
      String base = documents.size() == 1 ? "" : "/" + d;
      JsonNode root = documents.get(d);
      if (!(root instanceof ObjectNode)) {
        documentProblems.add(
            TemplateProblem.error(base, "expected a Template or a List, not " + describe(root)));
      } else if ("List".equals(root.path("kind").asString(""))) {
        JsonNode items = root.path("items");
        if (!items.isArray() || items.isEmpty()) {
          documentProblems.add(
              TemplateProblem.error(
                  base + "/items", "a List needs at least one Template in items"));
        }
        for (int i = 0; i < items.size(); i++) {
          templates.add(checkTemplate(base + "/items/" + i, items.get(i)));
        }
      } else {
        templates.add(checkTemplate(base, root));
      }
    }
    Map<String, String> seen = new HashMap<>();
    for (Checked t : templates) {
      String name = t.template().path("metadata").path("name").asString("");
      String first = seen.putIfAbsent(name, t.path());
      if (!name.isEmpty() && first != null) {
        documentProblems.add(
            TemplateProblem.error(
                t.path() + "/metadata/name",
                "template "
                    + name
                    + " appears twice in this import (first at "
                    + (first.isEmpty() ? "/" : first)
                    + ")"));
      }
    }
    return new Result(templates, documentProblems);
  }

  Checked checkTemplate(String at, JsonNode template) {
    List<TemplateProblem> problems = new ArrayList<>();
    if (!(template instanceof ObjectNode)) {
      problems.add(
          TemplateProblem.error(at, "expected a Template object, not " + describe(template)));
      return new Checked(at, template, problems);
    }
    String kind = template.path("kind").asString("");
    if (!"Template".equals(kind)) {
      problems.add(
          TemplateProblem.error(
              at + "/kind",
              kind.isEmpty()
                  ? "kind is missing; expected Template"
                  : "kind is " + kind + "; expected Template"));
    }
    String apiVersion = template.path("apiVersion").asString("");
    if (!TEMPLATE_API_VERSIONS.contains(apiVersion)) {
      problems.add(
          TemplateProblem.error(
              at + "/apiVersion",
              "apiVersion '"
                  + apiVersion
                  + "' is not template.openshift.io/v1 (or the legacy v1)"));
    }
    String name = template.path("metadata").path("name").asString("");
    if (name.isEmpty()) {
      problems.add(TemplateProblem.error(at + "/metadata/name", "the template needs a name"));
    } else if (name.length() > 253 || !DNS_1123_SUBDOMAIN.matcher(name).matches()) {
      problems.add(
          TemplateProblem.error(
              at + "/metadata/name",
              "'"
                  + name
                  + "' is not a valid name: lowercase letters, digits, '-' and '.', at most 253"));
    }

    String timeout =
        template
            .path("metadata")
            .path("annotations")
            .path("slipway.dev/readiness-timeout")
            .asString("");
    if (!timeout.isBlank()) {
      try {
        java.time.Duration parsed = java.time.Duration.parse(timeout.strip());
        if (parsed.isNegative() || parsed.isZero()) {
          throw new java.time.format.DateTimeParseException("not positive", timeout, 0);
        }
        if (parsed.compareTo(java.time.Duration.ofHours(1)) > 0) {
          problems.add(
              TemplateProblem.error(
                  at + "/metadata/annotations/slipway.dev~1readiness-timeout",
                  "'" + timeout + "' is longer than the most a template may wait, PT1H"));
        }
      } catch (java.time.format.DateTimeParseException e) {
        problems.add(
            TemplateProblem.error(
                at + "/metadata/annotations/slipway.dev~1readiness-timeout",
                "'" + timeout + "' is not a positive ISO-8601 duration such as PT10M"));
      }
    }
    Set<String> declared = checkParameters(at, template.path("parameters"), problems);
    checkObjects(at, template.path("objects"), problems);
    checkLabels(at, template.path("labels"), problems);
    checkSlo(at + "/slo", template.path("slo"), problems);
    checkReferences(at, template, declared, problems);
    return new Checked(at, template, problems);
  }

  private Set<String> checkParameters(
      String at, JsonNode parameters, List<TemplateProblem> problems) {
    Set<String> declared = new HashSet<>();
    if (parameters.isMissingNode() || parameters.isNull()) {
      return declared;
    }
    if (!parameters.isArray()) {
      problems.add(TemplateProblem.error(at + "/parameters", "parameters must be a list"));
      return declared;
    }
    Map<String, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      String path = at + "/parameters/" + i;
      JsonNode p = parameters.get(i);
      if (!(p instanceof ObjectNode)) {
        problems.add(TemplateProblem.error(path, "a parameter must be an object with a name"));
        continue;
      }
      String name = p.path("name").asString("");
      if (!PARAMETER_NAME.matcher(name).matches()) {
        problems.add(
            TemplateProblem.error(
                path + "/name",
                name.isEmpty()
                    ? "the parameter needs a name"
                    : "'" + name + "' is not a parameter name: letters, digits and '_' only"));
        continue;
      }
      Integer first = firstIndex.putIfAbsent(name, i);
      if (first != null) {
        problems.add(
            TemplateProblem.error(
                path + "/name",
                "duplicate parameter name "
                    + name
                    + " (first at "
                    + at
                    + "/parameters/"
                    + first
                    + ")"));
      }
      declared.add(name);
      for (String field : List.of("value", "displayName", "description", "from")) {
        if (p.has(field) && !p.path(field).isString() && !p.path(field).isNull()) {
          problems.add(TemplateProblem.error(path + "/" + field, field + " must be a string"));
        }
      }
      if (p.has("required") && !p.path("required").isBoolean()) {
        problems.add(TemplateProblem.error(path + "/required", "required must be true or false"));
      }
      if (p.has("generate") && !p.path("generate").isNull()) {
        String generate = p.path("generate").asString("");
        if (!"expression".equals(generate)) {
          problems.add(
              TemplateProblem.error(
                  path + "/generate",
                  "unknown generator '" + generate + "'; the only one is expression"));
        } else if (!p.path("from").isString() || p.path("from").asString().isEmpty()) {
          problems.add(
              TemplateProblem.error(
                  path + "/from", "generate: expression needs a from expression"));
        } else {
          try {
            generator.validate(p.path("from").asString());
          } catch (IllegalArgumentException e) {
            problems.add(TemplateProblem.error(path + "/from", e.getMessage()));
          }
        }
      }
    }
    return declared;
  }

  private void checkObjects(String at, JsonNode objects, List<TemplateProblem> problems) {
    if (objects.isMissingNode() || objects.isNull() || (objects.isArray() && objects.isEmpty())) {
      problems.add(TemplateProblem.error(at + "/objects", "the template creates no objects"));
      return;
    }
    if (!objects.isArray()) {
      problems.add(TemplateProblem.error(at + "/objects", "objects must be a list"));
      return;
    }
    for (int i = 0; i < objects.size(); i++) {
      String path = at + "/objects/" + i;
      JsonNode o = objects.get(i);
      if (!(o instanceof ObjectNode)) {
        problems.add(
            TemplateProblem.error(path, "an object must be a mapping, not " + describe(o)));
        continue;
      }
      if (!o.path("kind").isString() || o.path("kind").asString().isBlank()) {
        problems.add(TemplateProblem.error(path + "/kind", "the object has no kind"));
      }
      if (!o.path("apiVersion").isString() || o.path("apiVersion").asString().isBlank()) {
        problems.add(TemplateProblem.error(path + "/apiVersion", "the object has no apiVersion"));
      }
      JsonNode metadata = o.path("metadata");
      if (!(metadata instanceof ObjectNode)) {
        problems.add(TemplateProblem.error(path + "/metadata", "the object has no metadata"));
      } else if (!metadata.path("name").isString() || metadata.path("name").asString().isBlank()) {
        problems.add(TemplateProblem.error(path + "/metadata/name", "the object has no name"));
      }
      // Where it lands and what it holds: the same rules rendering applies again.
      for (ObjectRules.Finding f : rules.confinement(o)) {
        problems.add(TemplateProblem.error(path + f.pointer(), f.message()));
      }
      for (ObjectRules.Finding f : rules.fields(o)) {
        problems.add(TemplateProblem.error(path + f.pointer(), f.message()));
      }
    }
  }

  private void checkLabels(String at, JsonNode labels, List<TemplateProblem> problems) {
    if (labels.isMissingNode() || labels.isNull()) {
      return;
    }
    if (!(labels instanceof ObjectNode)) {
      problems.add(TemplateProblem.error(at + "/labels", "labels must be a mapping of strings"));
      return;
    }
    for (ObjectRules.Finding f : rules.labels(labels)) {
      problems.add(TemplateProblem.error(at + "/labels" + f.pointer(), f.message()));
    }
  }

  /**
   * References to undeclared parameters stay as written (as in OpenShift): a warning, not an error.
   */
  private static void checkReferences(
      String at, JsonNode template, Set<String> declared, List<TemplateProblem> problems) {
    Map<String, String> firstUse = new HashMap<>();
    collectReferences(at + "/objects", template.path("objects"), firstUse);
    collectReferences(at + "/labels", template.path("labels"), firstUse);
    collectReferences(at + "/slo", template.path("slo"), firstUse);
    for (String name : new TreeSet<>(firstUse.keySet())) {
      if (!declared.contains(name)) {
        problems.add(
            TemplateProblem.warning(
                firstUse.get(name),
                "references undeclared parameter " + name + "; it is left as written"));
      }
    }
  }

  private static void collectReferences(String path, JsonNode node, Map<String, String> firstUse) {
    if (node.isString()) {
      Matcher m = REFERENCE.matcher(node.asString());
      while (m.find()) {
        firstUse.putIfAbsent(m.group(1), path);
      }
    } else if (node instanceof ObjectNode object) {
      object.forEachEntry(
          (k, v) -> {
            Matcher m = REFERENCE.matcher(k);
            while (m.find()) {
              firstUse.putIfAbsent(m.group(1), path + "/" + JsonPointers.escape(k));
            }
            collectReferences(path + "/" + JsonPointers.escape(k), v, firstUse);
          });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectReferences(path + "/" + i, node.get(i), firstUse);
      }
    }
  }

  private static final Pattern WHOLE_REFERENCE = Pattern.compile("\\$\\{\\{?[a-zA-Z0-9_]+}}?");

  /**
   * The template's default SLOs, checked by the slo module's one reader of the section (format:
   * provisioning-templates/README.md, "The slo section"). A value may be a parameter reference; it
   * is checked once substituted.
   */
  private static void checkSlo(String at, JsonNode slo, List<TemplateProblem> problems) {
    for (SloSection.Problem p : SloSection.check(slo, TemplateValidator::isReference)) {
      problems.add(TemplateProblem.error(at + p.pointer(), p.message()));
    }
  }

  private static boolean isReference(JsonNode value) {
    return value.isString() && WHOLE_REFERENCE.matcher(value.asString()).matches();
  }

  /**
   * YAML anchors and aliases ({@code &x}, {@code *x}): {@code oc} expands them, the parser here
   * would not, so such a template is refused rather than silently read differently.
   */
  private static String firstAlias(String document) {
    try {
      for (org.snakeyaml.engine.v2.events.Event event :
          new org.snakeyaml.engine.v2.api.lowlevel.Parse(
                  org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
              .parseString(document)) {
        if (event instanceof org.snakeyaml.engine.v2.events.AliasEvent alias) {
          return "YAML aliases are not supported (*"
              + alias.getAlias()
              + alias.getStartMark().map(m -> " at line " + (m.getLine() + 1)).orElse("")
              + "); write the value out in full";
        }
      }
    } catch (RuntimeException unreadable) {
      return null; // the parser proper reports what is wrong with it
    }
    return null;
  }

  private static Result refused(String path, String message) {
    return new Result(List.of(), List.of(TemplateProblem.error(path, message)));
  }

  private static String where(TokenStreamLocation location) {
    return location == null || location.getLineNr() < 0
        ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isNull()) {
      return "null";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isString()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
