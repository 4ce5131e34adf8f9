package dev.slipway.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The chain's rule, applied to chained rows one at a time in chain order (by position), so a caller
 * can stream any number of them: each row must name its predecessor's hash and hash to its own; the
 * row a signed checkpoint names must still be there, with the hash and the position (row count) the
 * checkpoint signed. Every broken row is counted and the first {@value #MAX_LISTED} are listed, so
 * memory stays flat however much was tampered with.
 */
final class ChainCheck {

  static final int MAX_LISTED = 1000;

  private final @Nullable Checkpoint anchor;
  private String previous;
  private long rows;
  private @Nullable AuditEntry last;
  private boolean anchorSeen;
  private boolean finished;
  private final List<BrokenRow> listed = new ArrayList<>();
  private long broken;
  private @Nullable Long lastBroken;

  private ChainCheck(@Nullable Checkpoint anchor, String previous, long rows, boolean anchorSeen) {
    this.anchor = anchor;
    this.previous = previous;
    this.rows = rows;
    this.anchorSeen = anchorSeen;
  }

  /** The whole chain from its first row, held against {@code anchor} when there is one. */
  static ChainCheck fromGenesis(@Nullable Checkpoint anchor) {
    return new ChainCheck(anchor, AuditLedger.GENESIS, 0, false);
  }

  /**
   * Only the rows after a checkpoint's head (positions after its {@code rows}): they must continue
   * from its hash. For signing the next checkpoint without reading the whole ledger again.
   */
  static ChainCheck after(Checkpoint checkpoint) {
    return new ChainCheck(null, checkpoint.headHash(), checkpoint.rows(), true);
  }

  void accept(AuditEntry e) {
    // The head a checkpoint signed is at the position it counted: a row further along while the
    // head was not seen means the head is gone.
    if (anchor != null && !anchorSeen && position(e) > anchor.rows()) {
      anchorSeen = true;
      broken(anchor.headId(), gone(anchor) + " (the rows after it do not replace it)");
    }
    rows++;
    if (!previous.equals(e.previousHash())) {
      broken(e.id(), "does not follow its predecessor (a row was removed, added or reordered)");
    } else if (!AuditLedger.hash(e.previousHash(), e.content()).equals(e.hash())) {
      broken(e.id(), "was changed after it was written");
    }
    if (anchor != null && e.id() == anchor.headId()) {
      anchorSeen = true;
      if (!anchor.headHash().equals(e.hash())) {
        broken(
            e.id(),
            "does not have the hash checkpoint "
                + anchor.id()
                + " signed: the chain up to it was rewritten after "
                + anchor.at());
      } else if (rows != anchor.rows()) {
        broken(
            e.id(),
            "is row "
                + rows
                + " of the chain, but checkpoint "
                + anchor.id()
                + " signed it as row "
                + anchor.rows()
                + ": rows before it were removed or added");
      }
    }
    previous = java.util.Objects.requireNonNullElse(e.hash(), "");
    last = e;
  }

  private static long position(AuditEntry e) {
    Long position = e.position();
    if (position == null) {
      throw new IllegalArgumentException("row " + e.id() + " has no place in the chain yet");
    }
    return position;
  }

  /** The end of the rows: the checkpoint's head must have been among them. */
  ChainCheck finish() {
    if (!finished && anchor != null && !anchorSeen) {
      broken(
          anchor.headId(),
          gone(anchor)
              + ": the ledger ends with "
              + rows
              + " rows, the checkpoint counted "
              + anchor.rows()
              + ", so the newest rows were removed");
    }
    finished = true;
    return this;
  }

  private static String gone(Checkpoint anchor) {
    return "is gone, the newest row when checkpoint " + anchor.id() + " was signed";
  }

  private void broken(long id, String reason) {
    if (lastBroken != null && lastBroken == id) {
      // One entry per row, with each thing wrong with it.
      if (!listed.isEmpty() && listed.getLast().id() == id) {
        listed.set(listed.size() - 1, new BrokenRow(id, listed.getLast().reason() + "; " + reason));
      }
      return;
    }
    lastBroken = id;
    broken++;
    if (listed.size() < MAX_LISTED) {
      listed.add(new BrokenRow(id, reason));
    }
  }

  boolean intact() {
    return broken == 0;
  }

  /** The rows the chain has, counting those before a checkpoint {@link #after} started from. */
  long rows() {
    return rows;
  }

  /** The newest row read, if any was. */
  Optional<AuditEntry> last() {
    return Optional.ofNullable(last);
  }

  /** The first {@value #MAX_LISTED} broken rows, oldest first. */
  List<BrokenRow> listed() {
    return List.copyOf(listed);
  }

  /** How many rows are broken, listed or not. */
  long broken() {
    return broken;
  }

  @Nullable Checkpoint anchor() {
    return anchor;
  }
}
