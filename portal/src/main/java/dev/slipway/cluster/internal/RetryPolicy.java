package dev.slipway.cluster.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When and how long to wait before trying a cluster call again: only for answers that may change by
 * themselves (429 Too Many Requests, 5xx, no answer at all), with exponential backoff and jitter,
 * bounded in total time (the budget: minutes by default, so an API server that restarts or
 * throttles for a while is waited out) and, when {@code maxAttempts} is above 0, in attempts. A
 * refusal (403 RBAC or quota, 422 invalid, 409, 404) is final and is never retried.
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration budget) {

  public static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /**
   * @param status the HTTP status; fabric8 reports a call that got no answer (connection refused or
   *     reset, timeout) with a code below 1
   */
  public static boolean retryable(int status) {
    return dev.slipway.cluster.ClusterException.mayPass(status);
  }

  /** Whether the attempt count allows one after {@code attempt}; 0 or less: only the budget. */
  public boolean allowsAnother(int attempt) {
    return maxAttempts <= 0 || attempt < maxAttempts;
  }

  /**
   * The wait before attempt {@code attempt + 1}: {@code initial · 2^(attempt-1)}, capped, with
   * "equal jitter" (half fixed, half random) so that many callers do not retry in step.
   */
  public Duration backoff(int attempt, RandomGenerator random) {
    long initial = Math.max(1, initialBackoff.toMillis());
    long exponential = initial << Math.min(attempt - 1, 20);
    long capped = Math.min(exponential, Math.max(initial, maxBackoff.toMillis()));
    long half = capped / 2;
    return Duration.ofMillis(half + (half == 0 ? 0 : random.nextLong(half + 1)));
  }
}
