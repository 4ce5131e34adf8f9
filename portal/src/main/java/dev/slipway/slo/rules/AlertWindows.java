package dev.slipway.slo.rules;

import dev.slipway.shared.Pure;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The multi-window multi-burn-rate alert windows for one SLO period (Sloth's {@code AlertWindows}).
 * Each alert fires when the error rate over both its short and its long window is above {@code burn
 * factor × error budget}, the burn factor being the speed that spends {@code errorBudgetPercent} of
 * the period's budget within the long window.
 *
 * @param period the SLO period these windows are for
 */
@Pure
record AlertWindows(
    Duration period, Window pageQuick, Window pageSlow, Window ticketQuick, Window ticketSlow) {

  public AlertWindows {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(pageQuick, "pageQuick");
    Objects.requireNonNull(pageSlow, "pageSlow");
    Objects.requireNonNull(ticketQuick, "ticketQuick");
    Objects.requireNonNull(ticketSlow, "ticketSlow");
    if (!period.isPositive()) {
      throw new IllegalArgumentException("the SLO period must be positive");
    }
  }

  /** Sloth's default windows for a 30-day period (Google SRE workbook). */
  public static AlertWindows days30() {
    return google(Duration.ofDays(30));
  }

  /** Sloth's default windows for a 28-day period (Google SRE workbook). */
  public static AlertWindows days28() {
    return google(Duration.ofDays(28));
  }

  /** The windows Sloth uses when no custom ones are given: 30 and 28 days. */
  public static List<AlertWindows> defaults() {
    return List.of(days30(), days28());
  }

  private static AlertWindows google(Duration period) {
    return new AlertWindows(
        period,
        new Window(2, Duration.ofMinutes(5), Duration.ofHours(1)),
        new Window(5, Duration.ofMinutes(30), Duration.ofHours(6)),
        new Window(10, Duration.ofHours(2), Duration.ofDays(1)),
        new Window(10, Duration.ofHours(6), Duration.ofDays(3)));
  }

  /**
   * The burn rate that spends {@code window.errorBudgetPercent()} of the period's error budget in
   * the window's long window, computed as Sloth does (so the float prints the same).
   */
  public double burnFactor(Window window) {
    double hoursToSpend = window.errorBudgetPercent() * PromFormat.hours(period) / 100;
    return hoursToSpend / PromFormat.hours(window.longWindow());
  }

  /** All eight windows, shortest first, without duplicates. */
  public List<Duration> distinctWindows() {
    return List.of(pageQuick, pageSlow, ticketQuick, ticketSlow).stream()
        .flatMap(w -> Stream.of(w.shortWindow(), w.longWindow()))
        .distinct()
        .sorted()
        .toList();
  }

  /**
   * One alert's windows.
   *
   * @param errorBudgetPercent the share of the period's error budget (in percent) that, spent
   *     within {@code longWindow}, makes the alert fire
   */
  public record Window(double errorBudgetPercent, Duration shortWindow, Duration longWindow) {

    public Window {
      Objects.requireNonNull(shortWindow, "shortWindow");
      Objects.requireNonNull(longWindow, "longWindow");
      if (!(errorBudgetPercent > 0) || !shortWindow.isPositive() || !longWindow.isPositive()) {
        throw new IllegalArgumentException(
            "an alert window needs a positive error budget percent and positive windows");
      }
    }
  }
}
