package dev.slipway.slo.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A Prometheus rule group.
 *
 * @param name e.g. {@code sloth-slo-sli-recordings-<slo id>}
 * @param rules in evaluation order
 */
public record RuleGroup(String name, List<Rule> rules) {

  public RuleGroup {
    Objects.requireNonNull(name, "name");
    rules = List.copyOf(rules);
  }

  /** The group as Prometheus' rule file format has it. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", name);
    map.put("rules", rules.stream().map(Rule::toMap).toList());
    return map;
  }

  /**
   * A recording rule (with {@code record}) or an alerting rule (with {@code alert}).
   *
   * @param record the recorded metric's name, or null for an alerting rule
   * @param alert the alert's name, or null for a recording rule
   * @param expr the PromQL expression
   * @param labels added to the result, sorted by name
   * @param annotations of an alert, sorted by name; empty for a recording rule
   */
  public record Rule(
      @Nullable String record,
      @Nullable String alert,
      String expr,
      Map<String, String> labels,
      Map<String, String> annotations) {

    public Rule {
      if ((record == null) == (alert == null)) {
        throw new IllegalArgumentException("a rule is either a recording or an alerting rule");
      }
      Objects.requireNonNull(expr, "expr");
      labels = sorted(labels);
      annotations = sorted(annotations);
    }

    /** A recording rule. */
    public static Rule recording(String record, String expr, Map<String, String> labels) {
      return new Rule(record, null, expr, labels, Map.of());
    }

    /** An alerting rule. */
    public static Rule alerting(
        String alert, String expr, Map<String, String> labels, Map<String, String> annotations) {
      return new Rule(null, alert, expr, labels, annotations);
    }

    /** The rule as Prometheus' rule file format has it (no empty labels or annotations). */
    public Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      if (record != null) {
        map.put("record", record);
      } else {
        map.put("alert", alert);
      }
      map.put("expr", expr);
      if (!labels.isEmpty()) {
        map.put("labels", labels);
      }
      if (!annotations.isEmpty()) {
        map.put("annotations", annotations);
      }
      return map;
    }

    private static Map<String, String> sorted(Map<String, String> map) {
      return Collections.unmodifiableMap(new TreeMap<>(map));
    }
  }
}
