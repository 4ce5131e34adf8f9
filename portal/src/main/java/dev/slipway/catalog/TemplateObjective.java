package dev.slipway.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One objective of a template's {@code slo} section, parameters substituted (the format is in
 * provisioning-templates/README.md; imports are validated against it).
 *
 * @param indicator {@code availability}, {@code latency} or {@code log-processing}
 * @param objective percent of good events, strictly between 0 and 100
 * @param window {@code 30d} or {@code 28d}
 * @param threshold for latency and log processing: how fast is good enough
 */
public record TemplateObjective(
    String name, String indicator, double objective, String window, @Nullable Duration threshold) {

  /** The objectives of a substituted {@code slo} section; empty when there is none. */
  static List<TemplateObjective> of(Map<String, Object> slo) {
    List<TemplateObjective> out = new ArrayList<>();
    if (!(slo.get("objectives") instanceof List<?> objectives)) {
      return out;
    }
    for (Object item : objectives) {
      if (!(item instanceof Map<?, ?> o)) {
        continue;
      }
      Object threshold = o.get("threshold");
      out.add(
          new TemplateObjective(
              String.valueOf(o.get("name")),
              String.valueOf(o.get("indicator")),
              Double.parseDouble(String.valueOf(o.get("objective"))),
              o.get("window") == null ? "30d" : String.valueOf(o.get("window")),
              threshold == null ? null : duration(String.valueOf(threshold))));
    }
    return out;
  }

  /** {@code 300ms}, {@code 1s}, {@code 5m}: the forms the validator accepts. */
  static Duration duration(String text) {
    String t = text.strip();
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    long amount = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      default -> throw new IllegalArgumentException("not a threshold: " + text);
    };
  }
}
