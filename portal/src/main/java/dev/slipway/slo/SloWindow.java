package dev.slipway.slo;

import dev.slipway.shared.Pure;
import java.time.Duration;

/**
 * The rolling window an objective is measured over, and so the SLO period of its rules: the two
 * periods Sloth's default alert windows exist for (Google's SRE workbook). This is the one place a
 * window is read from text.
 */
@Pure
public enum SloWindow {
  DAYS_30("30d", Duration.ofDays(30)),
  DAYS_28("28d", Duration.ofDays(28));

  /** The window of an objective that names none. */
  public static final SloWindow DEFAULT = DAYS_30;

  private final String text;
  private final Duration period;

  SloWindow(String text, Duration period) {
    this.text = text;
    this.period = period;
  }

  /** As templates, the API and the {@code service_objective} table write it: {@code 30d}. */
  public String text() {
    return text;
  }

  public Duration period() {
    return period;
  }

  /**
   * The window a person wrote, surrounding blanks ignored.
   *
   * @throws IllegalArgumentException saying which windows there are
   */
  public static SloWindow parse(String text) {
    String t = text.strip();
    for (SloWindow w : values()) {
      if (w.text.equals(t)) {
        return w;
      }
    }
    throw new IllegalArgumentException("must be 30d or 28d, not '" + t + "'");
  }

  @Override
  public String toString() {
    return text;
  }
}
