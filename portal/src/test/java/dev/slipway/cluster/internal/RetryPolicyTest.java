package dev.slipway.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(60));

  @Test
  void retriesOnlyWhatMaySucceedLater() {
    assertThat(RetryPolicy.retryable(429)).isTrue();
    assertThat(RetryPolicy.retryable(500)).isTrue();
    assertThat(RetryPolicy.retryable(503)).isTrue();
    assertThat(RetryPolicy.retryable(-1)).as("no answer: connection refused, timeout").isTrue();
    assertThat(RetryPolicy.retryable(403)).as("RBAC or quota").isFalse();
    assertThat(RetryPolicy.retryable(422)).as("invalid").isFalse();
    assertThat(RetryPolicy.retryable(409)).isFalse();
    assertThat(RetryPolicy.retryable(404)).isFalse();
  }

  @Test
  void withoutAnAttemptLimitOnlyTheBudgetEndsTheRetries() {
    RetryPolicy patient =
        new RetryPolicy(0, Duration.ofMillis(200), Duration.ofSeconds(15), Duration.ofMinutes(3));
    assertThat(patient.allowsAnother(1_000)).isTrue();
    assertThat(policy.allowsAnother(4)).isTrue();
    assertThat(policy.allowsAnother(5)).as("5 attempts at most").isFalse();
    assertThat(RetryPolicy.NONE.allowsAnother(1)).isFalse();
  }

  @Test
  void backsOffExponentiallyWithJitterUpToTheCap() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200; i++) {
      assertThat(policy.backoff(1, random))
          .isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
      assertThat(policy.backoff(2, random))
          .isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
      assertThat(policy.backoff(3, random))
          .isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
      assertThat(policy.backoff(12, random))
          .isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
    }
  }

  @Test
  void theJitterSpreadsCallersApart() {
    SplittableRandom random = new SplittableRandom(7);
    long distinct =
        java.util.stream.IntStream.range(0, 100)
            .mapToObj(i -> policy.backoff(4, random))
            .distinct()
            .count();
    assertThat(distinct).isGreaterThan(50);
  }
}
