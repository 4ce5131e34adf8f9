package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The ledger is anchored while no row waits more than two checkpoint intervals for a checkpoint.
 */
class AnchoringTest {

  static final Duration INTERVAL = Duration.ofMinutes(5);
  static final Instant NOW = Instant.parse("2026-12-08T12:00:00Z");
  static final Checkpoint SIGNED_AT_NOON =
      new Checkpoint(7, Instant.parse("2026-12-08T11:58:00Z"), 100, 100, "ab".repeat(32), "s");

  @Test
  void anEmptyLedgerIsAnchored() {
    Anchoring a = Anchoring.of(null, 0, null, NOW, INTERVAL);

    assertThat(a.anchored()).isTrue();
    assertThat(a.detail()).contains("empty");
  }

  @Test
  void everyRowCoveredIsAnchored() {
    Anchoring a = Anchoring.of(SIGNED_AT_NOON, 0, null, NOW, INTERVAL);

    assertThat(a.anchored()).isTrue();
    assertThat(a.detail()).isEqualTo("every row is covered by checkpoint 7");
  }

  @Test
  void rowsWaitingLessThanTwoIntervalsAreStillAnchored() {
    Anchoring a = Anchoring.of(SIGNED_AT_NOON, 3, NOW.minus(Duration.ofMinutes(10)), NOW, INTERVAL);

    assertThat(a.anchored()).isTrue();
    assertThat(a.unsignedRows()).isEqualTo(3);
    assertThat(a.detail()).contains("3 rows newer than checkpoint 7 wait for the next one");
  }

  @Test
  void aRowUnsignedForMoreThanTwoIntervalsIsNotAnchored() {
    Instant oldest = NOW.minus(Duration.ofMinutes(10)).minusSeconds(1);

    Anchoring a = Anchoring.of(SIGNED_AT_NOON, 1, oldest, NOW, INTERVAL);

    assertThat(a.anchored()).isFalse();
    assertThat(a.oldestUnsigned()).isEqualTo(oldest);
    assertThat(a.detail())
        .startsWith("not anchored: 1 row after checkpoint 7")
        .contains("more than 2 checkpoint intervals (PT10M)")
        .contains("held by their hashes alone");
  }

  @Test
  void oldRowsWithoutAnyCheckpointAreNotAnchored() {
    Anchoring a = Anchoring.of(null, 500, NOW.minus(Duration.ofDays(3)), NOW, INTERVAL);

    assertThat(a.anchored()).isFalse();
    assertThat(a.detail()).contains("500 rows and no valid checkpoint");
  }

  @Test
  void newRowsWithoutACheckpointYetAreAnchoredUntilTheirGraceEnds() {
    assertThat(Anchoring.of(null, 2, NOW.minusSeconds(30), NOW, INTERVAL).anchored()).isTrue();
  }

  @Test
  void checkpointsRemovedOrStoppedShowOnceTheRowsAfterTheAnchorAreOld() {
    // The newest checkpoints were deleted: the anchor is a day old and rows written since then
    // are unsigned, the oldest of them long ago.
    Checkpoint dayOld =
        new Checkpoint(3, NOW.minus(Duration.ofDays(1)), 40, 40, "cd".repeat(32), "s");

    Anchoring a = Anchoring.of(dayOld, 60, NOW.minus(Duration.ofHours(23)), NOW, INTERVAL);

    assertThat(a.anchored()).isFalse();
  }

  @Test
  void aQuietLedgersFirstNewRowIsNoAlarmThoughTheCheckpointIsOld() {
    // Nothing was recorded overnight, so nothing was signed: the newest checkpoint is old, and
    // the morning's first row has not waited long.
    Checkpoint lastNight =
        new Checkpoint(3, NOW.minus(Duration.ofHours(10)), 40, 40, "cd".repeat(32), "s");

    assertThat(Anchoring.of(lastNight, 1, NOW.minusSeconds(20), NOW, INTERVAL).anchored()).isTrue();
  }
}
