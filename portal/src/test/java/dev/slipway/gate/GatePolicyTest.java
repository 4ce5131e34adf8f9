package dev.slipway.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gate.GatePolicy.Budget;
import dev.slipway.gate.GatePolicy.Change;
import dev.slipway.gate.GatePolicy.Decision;
import dev.slipway.gate.GatePolicy.Freeze;
import dev.slipway.gate.GatePolicy.Settings;
import dev.slipway.gate.GatePolicy.State;
import dev.slipway.gate.GatePolicy.UnknownMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate's decisions over a scripted budget timeline. */
class GatePolicyTest {

  static final Settings SETTINGS = Settings.defaults();
  static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

  static List<Budget> budgets(double availability, double latency) {
    return List.of(new Budget("availability", availability), new Budget("latency-p50", latency));
  }

  @Test
  void freezesWhenABudgetIsSpentAndLiftsOnlyAboveTheMargin() {
    Decision healthy =
        GatePolicy.decide(SETTINGS, budgets(0.5, 0.8), true, null, null, Change.FEATURE, T0);
    assertThat(healthy.allowed()).isTrue();
    assertThat(healthy.state()).isEqualTo(State.OPEN);
    assertThat(healthy.freeze()).isNull();

    Instant t1 = T0.plus(Duration.ofHours(1));
    Decision spent =
        GatePolicy.decide(SETTINGS, budgets(-0.01, 0.8), true, null, null, Change.FEATURE, t1);
    assertThat(spent.allowed()).isFalse();
    assertThat(spent.state()).isEqualTo(State.FROZEN);
    assertThat(spent.freeze()).isEqualTo(new Freeze(t1, "availability", -0.01));
    assertThat(spent.reason())
        .contains("Frozen since " + t1)
        .contains("availability is spent")
        .contains("-1.0 % left");

    // Back above zero but not above the margin: still frozen, since the first moment.
    Instant t2 = t1.plus(Duration.ofHours(1));
    Decision edge =
        GatePolicy.decide(
            SETTINGS, budgets(0.02, 0.8), true, spent.freeze(), null, Change.FEATURE, t2);
    assertThat(edge.allowed()).isFalse();
    assertThat(edge.freeze().since()).isEqualTo(t1);

    Decision lifted =
        GatePolicy.decide(
            SETTINGS, budgets(0.06, 0.8), true, edge.freeze(), null, Change.FEATURE, t2);
    assertThat(lifted.allowed()).isTrue();
    assertThat(lifted.state()).isEqualTo(State.OPEN);
    assertThat(lifted.freeze()).isNull();
  }

  @Test
  void fixesPassWhileFrozenAndSaySo() {
    Freeze freeze = new Freeze(T0, "availability", -0.2);
    for (Change fix : List.of(Change.RELIABILITY_FIX, Change.SECURITY_FIX)) {
      Decision d = GatePolicy.decide(SETTINGS, budgets(-0.2, 0.8), true, freeze, null, fix, T0);
      assertThat(d.allowed()).isTrue();
      assertThat(d.state()).isEqualTo(State.FROZEN);
      assertThat(d.reason()).endsWith("passes.");
    }
  }

  @Test
  void anOverrideLiftsTheFreezeUntilItExpires() {
    Freeze freeze = new Freeze(T0, "availability", -0.2);
    GatePolicy.Override override =
        new GatePolicy.Override(T0.plus(Duration.ofHours(2)), "hotfix train, INC-42", "sre");
    Decision during =
        GatePolicy.decide(
            SETTINGS,
            budgets(-0.2, 0.8),
            true,
            freeze,
            override,
            Change.FEATURE,
            T0.plusSeconds(60));
    assertThat(during.allowed()).isTrue();
    assertThat(during.state()).isEqualTo(State.OVERRIDDEN);
    assertThat(during.reason()).contains("INC-42");

    Decision after =
        GatePolicy.decide(
            SETTINGS,
            budgets(-0.2, 0.8),
            true,
            freeze,
            override,
            Change.FEATURE,
            T0.plus(Duration.ofHours(2)));
    assertThat(after.allowed()).isFalse();
    assertThat(after.state()).isEqualTo(State.FROZEN);
  }

  @Test
  void withoutBudgetsTheConfiguredModeDecidesAndSaysWhich() {
    Decision open = GatePolicy.decide(SETTINGS, List.of(), false, null, null, Change.FEATURE, T0);
    assertThat(open.allowed()).isTrue();
    assertThat(open.state()).isEqualTo(State.UNKNOWN);
    assertThat(open.reason()).contains("fails open");

    Settings closed = new Settings(0, 0.05, UnknownMode.FAIL_CLOSED, Duration.ofDays(7));
    Decision held = GatePolicy.decide(closed, List.of(), false, null, null, Change.FEATURE, T0);
    assertThat(held.allowed()).isFalse();
    assertThat(held.reason()).contains("fails closed");
    assertThat(
            GatePolicy.decide(closed, List.of(), false, null, null, Change.SECURITY_FIX, T0)
                .allowed())
        .isTrue();
  }

  @Test
  void aFreezeLiftsOnlyWhenEveryObjectiveHasDataAboveTheMargin() {
    Freeze freeze = new Freeze(T0, "availability", -0.2);
    Decision partial =
        GatePolicy.decide(
            SETTINGS,
            List.of(new Budget("availability", Double.NaN), new Budget("latency-p50", 0.9)),
            true,
            freeze,
            null,
            Change.FEATURE,
            T0);
    assertThat(partial.allowed()).isFalse();
    assertThat(partial.state()).isEqualTo(State.FROZEN);
    assertThat(partial.reason()).contains("unknown left now");
  }

  @Test
  void aRecordedFreezeStandsWhileBudgetsCannotBeRead() {
    Freeze freeze = new Freeze(T0, "availability", -0.2);
    Decision blind =
        GatePolicy.decide(SETTINGS, List.of(), false, freeze, null, Change.FEATURE, T0);
    assertThat(blind.allowed()).as("fail-open does not open a recorded freeze").isFalse();
    assertThat(blind.state()).isEqualTo(State.FROZEN);
    assertThat(blind.reason()).contains("recorded freeze stands");
  }

  @Test
  void theAnswerSaysWhyBudgetsAreUnknown() {
    Decision d =
        GatePolicy.decide(
            SETTINGS,
            List.of(),
            false,
            "No Prometheus is configured (slipway.prometheus.url), so error budgets are unknown.",
            null,
            null,
            Change.FEATURE,
            T0);
    assertThat(d.reason())
        .startsWith("No Prometheus is configured")
        .contains("unknown; the gate fails open");
  }
}
