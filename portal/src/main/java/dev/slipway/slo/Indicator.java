package dev.slipway.slo;

import dev.slipway.shared.Pure;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an objective measures. The metrics behind each are in {@link Indicators}; how templates and
 * SREs write them is {@link #id()}.
 */
@Pure
public enum Indicator {
  /** The share of requests that did not fail (no 5xx). */
  AVAILABILITY("availability", false),
  /** The share of requests answered within the threshold. */
  LATENCY("latency", true),
  /** The share of log entries queryable within the threshold of being written. */
  LOG_PROCESSING("log-processing", true);

  private final String id;
  private final boolean takesThreshold;

  Indicator(String id, boolean takesThreshold) {
    this.id = id;
    this.takesThreshold = takesThreshold;
  }

  /** As templates, the API and the {@code service_objective} table write it. */
  public String id() {
    return id;
  }

  /** Latency and log processing measure against a threshold; availability has none. */
  public boolean takesThreshold() {
    return takesThreshold;
  }

  /**
   * What is wrong with this indicator having a threshold, or not having one.
   *
   * @param given whether a threshold is given
   */
  public Optional<String> thresholdProblem(boolean given) {
    if (takesThreshold && !given) {
      return Optional.of(id + " needs a threshold such as 300ms or 5m");
    }
    if (!takesThreshold && given) {
      return Optional.of("only latency and log-processing take a threshold");
    }
    return Optional.empty();
  }

  /**
   * The indicator a person wrote.
   *
   * @throws IllegalArgumentException saying which indicators there are
   */
  public static Indicator parse(String text) {
    for (Indicator i : values()) {
      if (i.id.equals(text)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "'"
            + text
            + "' is not one of "
            + Arrays.stream(values()).map(Indicator::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
