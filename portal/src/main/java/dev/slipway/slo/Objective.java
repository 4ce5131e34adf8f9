package dev.slipway.slo;

import dev.slipway.shared.Pure;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A service-level objective as a template or the defaults state it, before it belongs to a service:
 * checked whole, so one that exists is one the rules can be generated for. Templates write it in
 * their {@code slo} section ({@link SloSection}).
 *
 * @param name unique within its service; the {@code sloth_slo} label
 * @param target percent of good events, strictly between 0 and 100
 * @param threshold for latency and log processing: how fast is good enough; none for availability
 */
@Pure
public record Objective(
    String name,
    Indicator indicator,
    double target,
    SloWindow window,
    @Nullable Threshold threshold) {

  public Objective {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(indicator, "indicator");
    Objects.requireNonNull(window, "window");
    targetProblem(target)
        .or(() -> indicator.thresholdProblem(threshold != null))
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(name + ": " + problem);
            });
  }

  /** What is wrong with a target, or empty when it is a percent strictly between 0 and 100. */
  public static Optional<String> targetProblem(double percent) {
    if (percent > 0 && percent < 100) {
      return Optional.empty();
    }
    return Optional.of(
        percent(percent)
            + " is not between 0 and 100: the target is a percent strictly between 0 and 100");
  }

  /** A percent as people write it: {@code 99.9}, {@code 50} (not {@code 50.0}). */
  static String percent(double d) {
    return d == Math.rint(d) && !Double.isInfinite(d)
        ? Long.toString((long) d)
        : Double.toString(d);
  }
}
