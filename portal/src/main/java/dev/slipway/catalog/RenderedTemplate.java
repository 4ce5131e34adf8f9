package dev.slipway.catalog;

import dev.slipway.slo.Objective;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The objects a template instantiates to, parameters substituted and the template's labels applied.
 * They may hold generated secrets: hand them to the cluster and nowhere else (no logs, no tables);
 * text that might echo them (a cluster's error message) goes through {@link #redact(String)} first.
 */
public final class RenderedTemplate {

  public static final String MASK = dev.slipway.shared.SecretNames.MASK;

  /** Shorter values are too likely to occur by chance in text to be masked in it. */
  private static final int MIN_REDACTED_LENGTH = 6;

  private final String templateName;
  private final int templateVersion;
  private final List<Map<String, Object>> objects;
  private final List<Set<String>> untypedParameters;
  private final List<String> sensitiveValues;
  private final List<Objective> objectives;

  public RenderedTemplate(
      String templateName,
      int templateVersion,
      List<Map<String, Object>> objects,
      List<Set<String>> untypedParameters,
      Set<String> sensitiveValues,
      List<Objective> objectives) {
    this.objectives = List.copyOf(objectives);
    this.templateName = templateName;
    this.templateVersion = templateVersion;
    this.objects = List.copyOf(objects);
    this.untypedParameters = untypedParameters.stream().map(Set::copyOf).toList();
    this.sensitiveValues =
        sensitiveValues.stream()
            .filter(v -> v.length() >= MIN_REDACTED_LENGTH)
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
  }

  public String templateName() {
    return templateName;
  }

  public int templateVersion() {
    return templateVersion;
  }

  public List<Map<String, Object>> objects() {
    return objects;
  }

  /** The template's service-level objectives, parameters substituted; empty when it sets none. */
  public List<Objective> objectives() {
    return objectives;
  }

  /**
   * For the object at {@code index}: the parameters used as {@code ${{P}}} whose value was not JSON
   * and so stayed a string, as OpenShift does. When the object is then refused for a type, these
   * are the values to blame.
   */
  public Set<String> untypedParameters(int index) {
    return untypedParameters.get(index);
  }

  /** The text with every generated or secret parameter value masked. */
  public String redact(String text) {
    String out = text;
    for (String value : sensitiveValues) {
      out = out.replace(value, MASK);
    }
    return out;
  }

  @Override
  public String toString() {
    return "RenderedTemplate["
        + templateName
        + " v"
        + templateVersion
        + ", "
        + objects.size()
        + " objects]";
  }
}
