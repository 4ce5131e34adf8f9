package dev.slipway.templates;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules of a template's {@code slo} section, as documented in the module README: what the SLO
 * code may rely on when it reads a rendered template.
 */
final class SloSection {

  static final Set<String> INDICATORS = Set.of("availability", "latency", "log-processing");
  static final Set<String> WINDOWS = Set.of("30d", "28d");
  static final Set<String> FIELDS = Set.of("name", "indicator", "objective", "window", "threshold");
  static final Pattern DURATION = Pattern.compile("[1-9][0-9]*(ms|s|m)");
  static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private SloSection() {}

  /** What is wrong with a rendered {@code slo} section; empty when it is valid. */
  static List<String> problems(JsonNode slo) {
    List<String> problems = new ArrayList<>();
    if (!(slo instanceof ObjectNode)) {
      problems.add("slo: a mapping with objectives is required");
      return problems;
    }
    for (String key : slo.propertyNames()) {
      if (!key.equals("objectives")) {
        problems.add("slo: unknown field " + key);
      }
    }
    JsonNode objectives = slo.path("objectives");
    if (!objectives.isArray() || objectives.isEmpty()) {
      problems.add("slo.objectives: at least one objective is required");
      return problems;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < objectives.size(); i++) {
      String at = "slo.objectives[" + i + "]";
      JsonNode o = objectives.get(i);
      if (!(o instanceof ObjectNode)) {
        problems.add(at + ": an objective must be a mapping");
        continue;
      }
      for (String key : o.propertyNames()) {
        if (!FIELDS.contains(key)) {
          problems.add(at + ": unknown field " + key);
        }
      }
      String name = o.path("name").isString() ? o.path("name").asString() : "";
      if (!DNS_1123_LABEL.matcher(name).matches()) {
        problems.add(at + ".name: '" + name + "' is not a DNS-1123 label");
      } else if (!names.add(name)) {
        problems.add(at + ".name: duplicate name " + name);
      }
      String indicator = o.path("indicator").isString() ? o.path("indicator").asString() : "";
      if (!INDICATORS.contains(indicator)) {
        problems.add(at + ".indicator: '" + indicator + "' is not one of " + INDICATORS);
      }
      JsonNode objective = o.path("objective");
      if (!objective.isNumber()) {
        problems.add(at + ".objective: a number of percent is required");
      } else {
        BigDecimal percent = objective.decimalValue();
        if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) >= 0) {
          problems.add(at + ".objective: " + percent + " is not between 0 and 100 (exclusive)");
        }
      }
      if (o.has("window")) {
        String window = o.path("window").isString() ? o.path("window").asString() : "";
        if (!WINDOWS.contains(window)) {
          problems.add(at + ".window: '" + o.path("window") + "' is not 30d or 28d");
        }
      }
      boolean needsThreshold = indicator.equals("latency") || indicator.equals("log-processing");
      if (needsThreshold) {
        String threshold = o.path("threshold").isString() ? o.path("threshold").asString() : "";
        if (!DURATION.matcher(threshold).matches()) {
          problems.add(
              at
                  + ".threshold: '"
                  + threshold
                  + "' is not a duration such as 300ms, 1s or 5m (required for "
                  + indicator
                  + ")");
        }
      } else if (o.has("threshold")) {
        problems.add(at + ".threshold: only latency and log-processing take a threshold");
      }
    }
    return problems;
  }
}
