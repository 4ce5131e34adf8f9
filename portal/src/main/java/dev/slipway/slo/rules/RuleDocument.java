package dev.slipway.slo.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** One generated output document: a Prometheus rule file or a {@code PrometheusRule} object. */
public sealed interface RuleDocument {

  /** The rule groups, in order. */
  List<RuleGroup> groups();

  /** The document as maps and lists, ready for a YAML or JSON writer. */
  Map<String, Object> toMap();

  /** A plain Prometheus rule file: {@code groups: [...]}. */
  record RuleFile(List<RuleGroup> groups) implements RuleDocument {

    public RuleFile {
      groups = List.copyOf(groups);
    }

    @Override
    public Map<String, Object> toMap() {
      return Map.of("groups", groups.stream().map(RuleGroup::toMap).toList());
    }
  }

  /**
   * A prometheus-operator {@code monitoring.coreos.com/v1} {@code PrometheusRule}.
   *
   * @param namespace null to leave it to the applier
   */
  record PrometheusRule(
      String name,
      @Nullable String namespace,
      Map<String, String> labels,
      Map<String, String> annotations,
      List<RuleGroup> groups)
      implements RuleDocument {

    public PrometheusRule {
      Objects.requireNonNull(name, "name");
      labels = Collections.unmodifiableMap(new TreeMap<>(labels));
      annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
      groups = List.copyOf(groups);
    }

    @Override
    public Map<String, Object> toMap() {
      Map<String, Object> metadata = new LinkedHashMap<>();
      if (!annotations.isEmpty()) {
        metadata.put("annotations", annotations);
      }
      metadata.put("labels", labels);
      metadata.put("name", name);
      if (namespace != null) {
        metadata.put("namespace", namespace);
      }
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("apiVersion", "monitoring.coreos.com/v1");
      map.put("kind", "PrometheusRule");
      map.put("metadata", metadata);
      map.put("spec", Map.of("groups", groups.stream().map(RuleGroup::toMap).toList()));
      return map;
    }
  }
}
