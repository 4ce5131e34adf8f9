package dev.slipway.slo;

import dev.slipway.shared.Pure;
import java.time.Duration;
import java.util.Objects;

/**
 * How fast is good enough for a latency or log-processing objective: a positive bound of at most
 * {@link #MAX}. {@link #parse} is the one place a threshold is read from text.
 */
@Pure
public record Threshold(Duration bound) {

  /** Thresholds longer than this are not latency any more. */
  public static final Duration MAX = Duration.ofHours(1);

  public Threshold {
    Objects.requireNonNull(bound, "bound");
    if (!bound.isPositive() || bound.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("a threshold is above 0 and at most 60m, not " + bound);
    }
  }

  public static Threshold ofMillis(long millis) {
    return new Threshold(Duration.ofMillis(millis));
  }

  /**
   * A threshold as templates and SREs write it: a positive whole number with {@code ms}, {@code s}
   * or {@code m}, at most {@link #MAX}.
   *
   * @throws IllegalArgumentException saying what is wrong, for a person
   */
  public static Threshold parse(String text) {
    String t = text.strip();
    if (!t.matches("[1-9][0-9]{0,8}(ms|s|m)")) {
      throw new IllegalArgumentException("'" + t + "' is not a duration such as 300ms, 1s or 5m");
    }
    Duration bound;
    if (t.endsWith("ms")) {
      bound = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    } else {
      long amount = Long.parseLong(t.substring(0, t.length() - 1));
      bound = t.endsWith("s") ? Duration.ofSeconds(amount) : Duration.ofMinutes(amount);
    }
    if (bound.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(t + " is more than 60m");
    }
    return new Threshold(bound);
  }

  public long millis() {
    return bound.toMillis();
  }

  /**
   * In the form {@link #parse} reads, largest whole unit: {@code 300ms}, {@code 2s}, {@code 5m}.
   */
  public String text() {
    long ms = bound.toMillis();
    return ms % 1000 != 0
        ? ms + "ms"
        : bound.toSeconds() % 60 != 0 ? bound.toSeconds() + "s" : bound.toMinutes() + "m";
  }

  /** For people: {@code 300 ms}, {@code 90 s}, {@code 5 min}. */
  public String readable() {
    if (bound.toMillis() < 1000) {
      return bound.toMillis() + " ms";
    }
    return bound.toSeconds() % 60 == 0 ? bound.toMinutes() + " min" : bound.toSeconds() + " s";
  }

  @Override
  public String toString() {
    return text();
  }
}
