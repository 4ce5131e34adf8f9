package dev.slipway.slo;

import java.time.Instant;

/** A window a service's error budget leaves out: planned maintenance, a load test. */
public record BudgetExclusion(Instant from, Instant to, String reason, String by) {

  public boolean covers(Instant at) {
    return !at.isBefore(from) && at.isBefore(to);
  }
}
