package dev.slipway.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cluster.Readiness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessRoundTest {

  List<String> names = List.of("Deployment web", "Service web", "Job migrate");
  List<String> seen = new ArrayList<>();

  @Test
  void allReadyWhenEveryPendingObjectIs() {
    ReadinessRound.Result result =
        ReadinessRound.check(
            List.of(0, 1),
            names::get,
            i -> Readiness.READY,
            (i, r) -> seen.add(i + ":" + r.ready()));
    assertThat(result).isEqualTo(new ReadinessRound.AllReady());
    assertThat(seen).containsExactly("0:true", "1:true");
  }

  @Test
  void namesEveryObjectStillWaitingWithWhatTheClusterSays() {
    ReadinessRound.Result result =
        ReadinessRound.check(
            List.of(0, 1),
            names::get,
            i -> i == 0 ? Readiness.waiting("0 of 2 replicas available") : Readiness.READY,
            (i, r) -> seen.add(i + ":" + r.ready()));
    assertThat(result)
        .isEqualTo(
            new ReadinessRound.Waiting(List.of("Deployment web: 0 of 2 replicas available")));
    assertThat(seen).containsExactly("0:false", "1:true");
  }

  @Test
  void stopsAtAnObjectThatFailedForGood() {
    ReadinessRound.Result result =
        ReadinessRound.check(
            List.of(2, 0),
            names::get,
            i -> i == 2 ? Readiness.failed("BackoffLimitExceeded") : Readiness.READY,
            (i, r) -> seen.add(i + ":" + r.failed()));
    assertThat(result).isEqualTo(new ReadinessRound.Failed(2, "Job migrate: BackoffLimitExceeded"));
    assertThat(seen).containsExactly("2:true");
  }

  @Test
  void looksOnlyAtThePendingObjects() {
    ReadinessRound.check(
        List.of(1), names::get, i -> Readiness.READY, (i, r) -> seen.add(Integer.toString(i)));
    assertThat(seen).containsExactly("1");
  }
}
