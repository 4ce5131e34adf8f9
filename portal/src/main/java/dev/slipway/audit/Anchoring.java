package dev.slipway.audit;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Whether the ledger is anchored: every row but the newest few is covered by a valid signed
 * checkpoint. The recurring task signs the head every {@code interval}, so a row may wait up to one
 * interval (plus the task's own run) for its checkpoint; a row still unsigned after {@value
 * #GRACE_INTERVALS} intervals means checkpoints stopped (the task fails, or someone removed them),
 * and the rows after the anchor are then held by their hashes alone: the owner of the tables could
 * rewrite them unnoticed.
 *
 * <p>Keyed on the oldest unsigned row, not on the checkpoint's age: after a quiet night the newest
 * checkpoint is hours old, and the morning's first row is no cause for alarm until it has waited
 * two intervals.
 *
 * @param anchored no row older than {@value #GRACE_INTERVALS} intervals lacks a checkpoint
 * @param unsignedRows rows after the anchor's head (all rows when there is no anchor)
 * @param oldestUnsigned when the oldest of them was written
 * @param detail what that means, as a sentence
 */
record Anchoring(
    boolean anchored, long unsignedRows, @Nullable Instant oldestUnsigned, String detail) {

  static final int GRACE_INTERVALS = 2;

  /**
   * @param anchor the newest valid checkpoint, if any
   * @param unsignedRows rows after its head
   * @param oldestUnsigned the time of the first of them
   */
  static Anchoring of(
      @Nullable Checkpoint anchor,
      long unsignedRows,
      @Nullable Instant oldestUnsigned,
      Instant now,
      Duration interval) {
    Duration grace = interval.multipliedBy(GRACE_INTERVALS);
    if (unsignedRows == 0 || oldestUnsigned == null) {
      return new Anchoring(
          true,
          0,
          null,
          anchor == null
              ? "the ledger is empty: nothing to anchor yet"
              : "every row is covered by checkpoint " + anchor.id());
    }
    Duration waiting = Duration.between(oldestUnsigned, now);
    String rows = unsignedRows + " row" + (unsignedRows == 1 ? "" : "s");
    if (waiting.compareTo(grace) <= 0) {
      return new Anchoring(
          true,
          unsignedRows,
          oldestUnsigned,
          rows
              + " newer than "
              + (anchor == null ? "any checkpoint" : "checkpoint " + anchor.id())
              + " wait for the next one (every "
              + interval
              + ")");
    }
    return new Anchoring(
        false,
        unsignedRows,
        oldestUnsigned,
        "not anchored: "
            + rows
            + (anchor == null
                ? " and no valid checkpoint"
                : " after checkpoint " + anchor.id() + " (signed " + anchor.at() + ")")
            + ", the oldest written "
            + oldestUnsigned
            + ", more than "
            + GRACE_INTERVALS
            + " checkpoint intervals ("
            + grace
            + ") ago: checkpoints stopped or were removed, and these rows are held by their hashes"
            + " alone");
  }
}
