package dev.slipway.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.cluster.Readiness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessWaitTest {

  /** A clock that moves only when the wait sleeps. */
  static final class SteppingClock extends Clock {
    Instant now = Instant.parse("2026-11-24T12:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  SteppingClock clock = new SteppingClock();
  ReadinessWait wait =
      new ReadinessWait(clock, Duration.ofSeconds(5), d -> clock.now = clock.now.plus(d));
  List<String> seen = new ArrayList<>();

  @Test
  void waitsUntilEveryObjectIsReady() {
    AtomicInteger rounds = new AtomicInteger();
    wait.await(
        List.of("Deployment web", "Service web"),
        i ->
            i == 0 && rounds.incrementAndGet() < 3
                ? Readiness.waiting("0 of 1 replicas available")
                : Readiness.READY,
        (i, r) -> seen.add(i + ":" + r.ready()),
        Duration.ofMinutes(1));
    assertThat(seen).containsExactly("0:false", "1:true", "0:false", "0:true");
  }

  @Test
  void endsAtTheDeadlineNamingWhatIsStillWaiting() {
    assertThatThrownBy(
            () ->
                wait.await(
                    List.of("Deployment web", "PersistentVolumeClaim data"),
                    i -> i == 0 ? Readiness.READY : Readiness.waiting("not bound yet (Pending)"),
                    (i, r) -> {},
                    Duration.ofSeconds(30)))
        .isInstanceOf(ReadinessWait.NotReady.class)
        .hasMessage(
            "not ready after 30 seconds: PersistentVolumeClaim data: not bound yet (Pending)");
  }

  @Test
  void endsAtOnceWhenAnObjectFailsForGood() {
    assertThatThrownBy(
            () ->
                wait.await(
                    List.of("Job migrate"),
                    i -> Readiness.failed("the job failed 7 times"),
                    (i, r) -> {},
                    Duration.ofHours(1)))
        .hasMessage("Job migrate: the job failed 7 times");
    assertThat(clock.now).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
  }
}
