package dev.slipway.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.shared.FieldProblem;
import dev.slipway.shared.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Extend means extend: the rule for a new expiry, without a clock or a database. */
class ExpiryChangeTest {

  static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  static final Instant IN_THREE_DAYS = NOW.plus(Duration.ofDays(3));
  static final Duration MAX = Duration.ofDays(30);

  private static String field(Runnable refused) {
    try {
      refused.run();
    } catch (InvalidRequestException e) {
      return e.problems().stream().map(FieldProblem::field).findFirst().orElseThrow();
    }
    throw new AssertionError("not refused");
  }

  @Test
  void byAddsToTheCurrentExpiry() {
    ExpiryChange change = ExpiryChange.parse("P1D", null, null);
    assertThat(change.resolve(IN_THREE_DAYS, NOW, MAX, false))
        .isEqualTo(NOW.plus(Duration.ofDays(4)));
  }

  @Test
  void byCountsFromNowWhenTheExpiryHasAlreadyPassed() {
    Instant past = NOW.minus(Duration.ofHours(1));
    assertThat(ExpiryChange.parse("PT2H", null, null).resolve(past, NOW, MAX, false))
        .isEqualTo(NOW.plus(Duration.ofHours(2)));
  }

  @Test
  void aDurationFromNowThatWouldShortenIsRefusedUnlessAskedFor() {
    ExpiryChange oneDay = ExpiryChange.parse(null, "P1D", null);
    assertThatThrownBy(() -> oneDay.resolve(IN_THREE_DAYS, NOW, MAX, false))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("would move the expiry earlier")
        .hasMessageContaining("\"shorten\": true");
    assertThat(field(() -> oneDay.resolve(IN_THREE_DAYS, NOW, MAX, false))).isEqualTo("ttl");
    assertThat(oneDay.resolve(IN_THREE_DAYS, NOW, MAX, true))
        .isEqualTo(NOW.plus(Duration.ofDays(1)));
  }

  @Test
  void aLongerDurationFromNowExtends() {
    assertThat(ExpiryChange.parse(null, "P5D", null).resolve(IN_THREE_DAYS, NOW, MAX, false))
        .isEqualTo(NOW.plus(Duration.ofDays(5)));
  }

  @Test
  void untilSetsTheInstantWithinTheSameRules() {
    Instant friday = Instant.parse("2026-12-11T18:00:00Z");
    assertThat(
            ExpiryChange.parse(null, null, "2026-12-11T18:00:00Z")
                .resolve(IN_THREE_DAYS, NOW, MAX, false))
        .isEqualTo(friday);
    assertThat(
            field(
                () ->
                    ExpiryChange.parse(null, null, "2026-12-08T00:00:00Z")
                        .resolve(IN_THREE_DAYS, NOW, MAX, false)))
        .isEqualTo("until");
    assertThat(
            field(
                () ->
                    ExpiryChange.parse(null, null, "2026-12-01T00:00:00Z")
                        .resolve(IN_THREE_DAYS, NOW, MAX, true)))
        .as("never in the past, even when shortening")
        .isEqualTo("until");
    assertThat(field(() -> ExpiryChange.parse(null, null, "next friday"))).isEqualTo("until");
  }

  @Test
  void neverPastTheMaximumFromNow() {
    assertThatThrownBy(
            () -> ExpiryChange.parse("P28D", null, null).resolve(IN_THREE_DAYS, NOW, MAX, false))
        .hasMessageContaining("past the maximum of 30 days from now");
    assertThat(ExpiryChange.parse("P27D", null, null).resolve(IN_THREE_DAYS, NOW, MAX, false))
        .isEqualTo(NOW.plus(MAX));
  }

  @Test
  void aDurationBeyondAnyInstantIsRefusedNamingTheField() {
    assertThat(
            field(
                () ->
                    ExpiryChange.parse("P999999999999D", null, null)
                        .resolve(IN_THREE_DAYS, NOW, MAX, false)))
        .isEqualTo("by");
    assertThat(
            field(
                () ->
                    ExpiryChange.parse(null, "PT9223372036854775807S", null)
                        .resolve(IN_THREE_DAYS, NOW, MAX, false)))
        .isEqualTo("ttl");
  }

  @Test
  void exactlyOneWellFormedPositiveChangeIsAccepted() {
    assertThat(field(() -> ExpiryChange.parse(null, null, null))).isEqualTo("by");
    assertThat(field(() -> ExpiryChange.parse(" ", "", null))).isEqualTo("by");
    assertThat(field(() -> ExpiryChange.parse("P1D", "P1D", null))).isEqualTo("by");
    assertThat(field(() -> ExpiryChange.parse("one day", null, null))).isEqualTo("by");
    assertThat(field(() -> ExpiryChange.parse("-P1D", null, null))).isEqualTo("by");
    assertThat(field(() -> ExpiryChange.parse(null, "PT0S", null))).isEqualTo("ttl");
  }
}
