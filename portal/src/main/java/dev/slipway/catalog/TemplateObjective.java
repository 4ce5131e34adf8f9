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

  /**
   * The objectives of a substituted {@code slo} section; empty when there is none. Imports check
   * the section as written; a parameter may still have brought a value that does not fit.
   *
   * @throws IllegalArgumentException naming the objective's field and what is wrong with it
   */
  static List<TemplateObjective> of(Map<String, Object> slo) {
    List<TemplateObjective> out = new ArrayList<>();
    if (!(slo.get("objectives") instanceof List<?> objectives)) {
      return out;
    }
    int i = 0;
    for (Object item : objectives) {
      String at = "slo objectives[" + i++ + "]";
      if (!(item instanceof Map<?, ?> o)) {
        continue;
      }
      Object threshold = o.get("threshold");
      double objective;
      try {
        objective = Double.parseDouble(String.valueOf(o.get("objective")));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            at + ".objective: '" + o.get("objective") + "' is not a number");
      }
      if (!(objective > 0 && objective < 100)) {
        throw new IllegalArgumentException(
            at + ".objective: " + o.get("objective") + " is not strictly between 0 and 100");
      }
      String window = o.get("window") == null ? "30d" : String.valueOf(o.get("window")).strip();
      if (!window.equals("30d") && !window.equals("28d")) {
        throw new IllegalArgumentException(at + ".window: '" + window + "' is not 30d or 28d");
      }
      Duration bound = null;
      if (threshold != null) {
        try {
          bound = threshold(String.valueOf(threshold));
        } catch (IllegalArgumentException unfit) {
          throw new IllegalArgumentException(at + ".threshold: " + unfit.getMessage());
        }
      }
      out.add(
          new TemplateObjective(
              String.valueOf(o.get("name")),
              String.valueOf(o.get("indicator")),
              objective,
              window,
              bound));
    }
    return out;
  }

  /** Thresholds longer than this are not latency any more. */
  public static final Duration MAX_THRESHOLD = Duration.ofHours(1);

  /**
   * A threshold as templates and SREs write it: a positive whole number with {@code ms}, {@code s}
   * or {@code m}, at most {@link #MAX_THRESHOLD}.
   *
   * @throws IllegalArgumentException saying what is wrong, for a person
   */
  public static Duration threshold(String text) {
    String t = text.strip();
    if (!t.matches("[1-9][0-9]{0,8}(ms|s|m)")) {
      throw new IllegalArgumentException("'" + t + "' is not a duration such as 300ms, 1s or 5m");
    }
    Duration bound = duration(t);
    if (bound.compareTo(MAX_THRESHOLD) > 0) {
      throw new IllegalArgumentException(t + " is more than 60m");
    }
    return bound;
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
