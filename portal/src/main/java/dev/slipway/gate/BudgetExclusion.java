package dev.slipway.gate;

import java.time.Instant;

/** A window a service's error budget leaves out: planned maintenance, a load test. */
public record BudgetExclusion(Instant from, Instant to, String reason, String by) {

  /**
   * Whether a 5-minute error ratio sampled at {@code at} reflects the window: up to five minutes
   * after it ends, the ratio still counts events from inside it.
   */
  public boolean covers(Instant at) {
    return !at.isBefore(from) && at.isBefore(to.plus(java.time.Duration.ofMinutes(5)));
  }
}
