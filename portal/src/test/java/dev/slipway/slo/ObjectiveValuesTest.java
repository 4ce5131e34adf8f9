package dev.slipway.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.shared.FieldProblem;
import dev.slipway.shared.InvalidRequestException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The objective's values, each read from text in one place: window, indicator, threshold, target.
 */
class ObjectiveValuesTest {

  @ParameterizedTest
  @CsvSource({"30d, 30", "28d, 28", "' 28d ', 28"})
  void readsEachWindow(String text, int days) {
    SloWindow window = SloWindow.parse(text);
    assertThat(window.period()).isEqualTo(Duration.ofDays(days));
    assertThat(window.text()).isEqualTo(days + "d");
    assertThat(window).hasToString(days + "d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"7d", "4w", "720h", "30", "30D", "", "30 d", "2592000s", "P30D", "29d"})
  void refusesEveryOtherWindow(String text) {
    assertThatThrownBy(() -> SloWindow.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("must be 30d or 28d, not '" + text.strip() + "'");
  }

  @Test
  void theDefaultWindowIsThirtyDays() {
    assertThat(SloWindow.DEFAULT).isEqualTo(SloWindow.DAYS_30);
  }

  @ParameterizedTest
  @CsvSource({
    "availability, AVAILABILITY, false",
    "latency, LATENCY, true",
    "log-processing, LOG_PROCESSING, true"
  })
  void readsEachIndicator(String text, Indicator expected, boolean takesThreshold) {
    assertThat(Indicator.parse(text)).isEqualTo(expected);
    assertThat(expected.id()).isEqualTo(text);
    assertThat(expected.takesThreshold()).isEqualTo(takesThreshold);
  }

  @ParameterizedTest
  @ValueSource(strings = {"uptime", "Latency", "log_processing", ""})
  void refusesAnUnknownIndicatorNamingTheKnownOnes(String text) {
    assertThatThrownBy(() -> Indicator.parse(text))
        .hasMessage("'" + text + "' is not one of availability, latency, log-processing");
  }

  @Test
  void latencyAndLogProcessingNeedAThresholdAndAvailabilityTakesNone() {
    assertThat(Indicator.LATENCY.thresholdProblem(false))
        .contains("latency needs a threshold such as 300ms or 5m");
    assertThat(Indicator.LOG_PROCESSING.thresholdProblem(false))
        .contains("log-processing needs a threshold such as 300ms or 5m");
    assertThat(Indicator.AVAILABILITY.thresholdProblem(true))
        .contains("only latency and log-processing take a threshold");
    assertThat(Indicator.LATENCY.thresholdProblem(true)).isEmpty();
    assertThat(Indicator.AVAILABILITY.thresholdProblem(false)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "300ms, 300, 300ms, 300 ms",
    "1s, 1000, 1s, 1 s",
    "90s, 90000, 90s, 90 s",
    "5m, 300000, 5m, 5 min",
    "60m, 3600000, 60m, 60 min",
    "' 2s ', 2000, 2s, 2 s",
    "1500ms, 1500, 1500ms, 1 s"
  })
  void readsThresholds(String text, long millis, String written, String readable) {
    Threshold threshold = Threshold.parse(text);
    assertThat(threshold.millis()).isEqualTo(millis);
    assertThat(threshold.text()).isEqualTo(written);
    assertThat(threshold.readable()).isEqualTo(readable);
    assertThat(Threshold.parse(threshold.text())).isEqualTo(threshold);
  }

  @Test
  void aThresholdIsReadableAsPeopleSayIt() {
    assertThat(Threshold.parse("1s").readable()).isEqualTo("1 s");
    assertThat(Threshold.parse("120s").readable()).isEqualTo("2 min");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"fast", "300", "0ms", "0s", "-1s", "1.5s", "1h", "300 ms", "300MS", "05m", ""})
  void refusesThresholdsThatAreNoDuration(String text) {
    assertThatThrownBy(() -> Threshold.parse(text))
        .hasMessage("'" + text.strip() + "' is not a duration such as 300ms, 1s or 5m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"61m", "3601s", "90m", "999999999m"})
  void refusesThresholdsOverAnHour(String text) {
    assertThatThrownBy(() -> Threshold.parse(text)).hasMessage(text + " is more than 60m");
  }

  @Test
  void aThresholdIsPositiveAndAtMostAnHourHoweverMade() {
    assertThatThrownBy(() -> new Threshold(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Threshold(Duration.ofMinutes(61)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new Threshold(Threshold.MAX).text()).isEqualTo("60m");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.001, 50, 99.9, 99.999})
  void acceptsTargetsStrictlyBetweenZeroAndHundred(double percent) {
    assertThat(Objective.targetProblem(percent)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "100, 100", "100.5, 100.5", "-1, -1", "NaN, NaN"})
  void refusesOtherTargets(double percent, String written) {
    assertThat(Objective.targetProblem(percent))
        .contains(
            written
                + " is not between 0 and 100: the target is a percent strictly between 0 and 100");
  }

  @Test
  void anObjectiveIsWholeOrNotAtAll() {
    Objective ok =
        new Objective("p99", Indicator.LATENCY, 99, SloWindow.DAYS_28, Threshold.parse("1s"));
    assertThat(ok.window().period()).isEqualTo(Duration.ofDays(28));
    assertThatThrownBy(() -> new Objective("p99", Indicator.LATENCY, 99, SloWindow.DAYS_30, null))
        .hasMessage("p99: latency needs a threshold such as 300ms or 5m");
    assertThatThrownBy(
            () ->
                new Objective(
                    "up", Indicator.AVAILABILITY, 99.9, SloWindow.DAYS_30, Threshold.parse("1s")))
        .hasMessage("up: only latency and log-processing take a threshold");
    assertThatThrownBy(
            () -> new Objective("up", Indicator.AVAILABILITY, 100, SloWindow.DAYS_30, null))
        .hasMessageContaining("strictly between 0 and 100");
  }

  @Test
  void anSresChangeIsReadWholeNamingEveryWrongField() {
    InvalidRequestException refused =
        catchThrowableOfType(
            InvalidRequestException.class, () -> ObjectiveChange.parse(101.0, "7d", "fast"));
    assertThat(refused.problems())
        .extracting(FieldProblem::field)
        .containsExactly("objective", "window", "threshold");
    assertThat(refused.problems())
        .extracting(FieldProblem::message)
        .containsExactly(
            "101 is not between 0 and 100: the target is a percent strictly between 0 and 100",
            "must be 30d or 28d, not '7d'",
            "'fast' is not a duration such as 300ms, 1s or 5m");

    ObjectiveChange change = ObjectiveChange.parse(99.5, "28d", "2s");
    assertThat(change)
        .isEqualTo(new ObjectiveChange(99.5, SloWindow.DAYS_28, Threshold.parse("2s")));
    assertThat(ObjectiveChange.parse(null, null, null))
        .isEqualTo(new ObjectiveChange(null, null, null));
    assertThat(ObjectiveChange.of(99.0, SloWindow.DAYS_30, null).window())
        .isEqualTo(SloWindow.DAYS_30);
  }
}
