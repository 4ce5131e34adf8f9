package dev.slipway.slo.rules;

import dev.slipway.shared.Pure;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How Sloth (a Go program) writes numbers, durations and label filters, reproduced so the rules
 * read the same.
 */
@Pure
final class PromFormat {

  private PromFormat() {}

  private static final long MS_PER_SECOND = 1000;
  private static final long MS_PER_MINUTE = 60 * MS_PER_SECOND;
  private static final long MS_PER_HOUR = 60 * MS_PER_MINUTE;
  private static final long MS_PER_DAY = 24 * MS_PER_HOUR;
  private static final long MS_PER_WEEK = 7 * MS_PER_DAY;
  private static final long MS_PER_YEAR = 365 * MS_PER_DAY;

  private static final Pattern DURATION =
      Pattern.compile(
          "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

  /**
   * A double as Go's {@code %g}/{@code %v} prints it: the shortest digits that read back as the
   * same double, in exponent form ({@code 1e-05}, {@code 1.5e+07}) below 1e-4 and from 1e6 up.
   */
  static String goFloat(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return (1 / value) < 0 ? "-0" : "0";
    }
    // Java's Double.toString gives the shortest uniquely identifying digits (JDK 19+), as Go does.
    BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    String digits = decimal.unscaledValue().abs().toString();
    int exponent = digits.length() - decimal.scale() - 1;
    String sign = value < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 6) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String exponentSign = exponent < 0 ? "-" : "+";
      int magnitude = Math.abs(exponent);
      return sign + mantissa + "e" + exponentSign + (magnitude < 10 ? "0" : "") + magnitude;
    }
    return sign + decimal.abs().toPlainString();
  }

  /** A double as Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest digits, no exponent. */
  static String goPlainFloat(double value) {
    if (!Double.isFinite(value)) {
      return goFloat(value);
    }
    if (value == 0) {
      return "0";
    }
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }

  /**
   * Parses a Prometheus duration ({@code 30d}, {@code 1h30m}, {@code 4w}).
   *
   * @throws IllegalArgumentException if the text is not one
   */
  static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException(
          "not a duration: \"" + text + "\" (expected e.g. 5m, 1h, 30d, 4w)");
    }
    long[] unitMillis = {
      MS_PER_YEAR, MS_PER_WEEK, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND, 1
    };
    Duration total = Duration.ZERO;
    for (int i = 0; i < unitMillis.length; i++) {
      String amount = m.group(i + 1);
      if (amount != null) {
        total =
            total.plus(
                Duration.ofMillis(Math.multiplyExact(Long.parseLong(amount), unitMillis[i])));
      }
    }
    return total;
  }

  /**
   * A duration as Prometheus writes it: the largest units first, weeks and years only when they
   * divide it exactly ({@code 30d}, {@code 4w}, {@code 1d}, {@code 1h30m}).
   */
  static String duration(Duration duration) {
    long ms = duration.toMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    if (ms % MS_PER_YEAR == 0) {
      return out.append(ms / MS_PER_YEAR).append('y').toString();
    }
    if (ms % MS_PER_WEEK == 0) {
      return out.append(ms / MS_PER_WEEK).append('w').toString();
    }
    long[] unitMillis = {MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND, 1};
    String[] units = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < unitMillis.length; i++) {
      long amount = ms / unitMillis[i];
      if (amount > 0) {
        out.append(amount).append(units[i]);
        ms -= amount * unitMillis[i];
      }
    }
    return out.toString();
  }

  /** Go's {@code time.Duration.Hours()}: whole hours plus the remainder as a fraction. */
  static double hours(Duration duration) {
    long nanos = duration.toNanos();
    long hourNanos = 3_600_000_000_000L;
    return (double) (nanos / hourNanos) + (double) (nanos % hourNanos) / hourNanos;
  }

  /** A label matcher set as Prometheus prints one: {@code {a="1", b="2"}}, sorted by name. */
  static String labelFilter(Map<String, String> labels) {
    return new TreeMap<>(labels)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + quote(e.getValue()))
            .collect(Collectors.joining(", ", "{", "}"));
  }

  private static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
