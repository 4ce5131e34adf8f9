package dev.slipway.provisioning.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {

  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  @Test
  void roundsToTheNearestUnitSoATtlReadsAsRequested() {
    assertThat(Formats.relative(NOW.plus(Duration.ofDays(3)).minusSeconds(5), NOW))
        .isEqualTo("in 3 days");
    assertThat(Formats.relative(NOW.plus(Duration.ofHours(12)), NOW)).isEqualTo("in 12 hours");
    assertThat(Formats.relative(NOW.plus(Duration.ofMinutes(61)), NOW)).isEqualTo("in 1 hour");
    assertThat(Formats.relative(NOW.minus(Duration.ofMinutes(5)), NOW)).isEqualTo("5 min ago");
    assertThat(Formats.relative(NOW.minusSeconds(2), NOW)).isEqualTo("1 min ago");
  }

  @Test
  void showsTimesInUtcToTheMinute() {
    assertThat(Formats.time(Instant.parse("2026-11-24T09:05:59Z")))
        .isEqualTo("2026-11-24 09:05 UTC");
  }
}
