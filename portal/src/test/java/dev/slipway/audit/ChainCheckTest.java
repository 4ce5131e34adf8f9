package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The chain's rule over rows in id order, with and without a signed checkpoint to hold to. */
class ChainCheckTest {

  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  /**
   * Rows with the given ids, each chained to the one before at positions 1, 2, 3 ...: what the
   * chainer writes (ids may have gaps; positions do not).
   */
  static List<AuditEntry> chain(long... ids) {
    List<AuditEntry> rows = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      rows.add(row(ids[i], i + 1, "event " + ids[i]));
    }
    return rehashed(rows, 0);
  }

  /** A row at the position of its id. */
  static AuditEntry row(long id, String details) {
    return row(id, id, details);
  }

  static AuditEntry row(long id, long position, String details) {
    return LedgerChain.backgroundRow(
        id, position, T0.plusSeconds(id), "target-" + id, details, "", "");
  }

  /** The chain recomputed from index {@code from} on, as AuditLedger.append hashes rows. */
  static List<AuditEntry> rehashed(List<AuditEntry> rows, int from) {
    List<AuditEntry> out = new ArrayList<>(rows.subList(0, from));
    String previous = from == 0 ? AuditLedger.GENESIS : rows.get(from - 1).hash();
    for (AuditEntry e : rows.subList(from, rows.size())) {
      AuditEntry linked = with(e, previous, "");
      AuditEntry hashed = with(linked, previous, AuditLedger.hash(previous, linked.content()));
      out.add(hashed);
      previous = hashed.hash();
    }
    return out;
  }

  static AuditEntry with(AuditEntry e, String previous, String hash) {
    return new AuditEntry(
        e.id(),
        e.position(),
        e.at(),
        e.type(),
        e.target(),
        e.actorSubject(),
        e.actorName(),
        e.outcome(),
        e.reason(),
        e.clientAddress(),
        e.userAgent(),
        e.environment(),
        e.template(),
        e.team(),
        e.before(),
        e.after(),
        e.request(),
        e.details(),
        previous,
        hash);
  }

  static AuditEntry withDetails(AuditEntry e, String details) {
    return new AuditEntry(
        e.id(),
        e.position(),
        e.at(),
        e.type(),
        e.target(),
        e.actorSubject(),
        e.actorName(),
        e.outcome(),
        e.reason(),
        e.clientAddress(),
        e.userAgent(),
        e.environment(),
        e.template(),
        e.team(),
        e.before(),
        e.after(),
        e.request(),
        details,
        e.previousHash(),
        e.hash());
  }

  /** A checkpoint of the chain's head at the row with {@code headId}, as the task signs it. */
  static Checkpoint checkpointAt(List<AuditEntry> rows, long headId) {
    AuditEntry head = rows.stream().filter(e -> e.id() == headId).findFirst().orElseThrow();
    // The chain's row count at its head is the head's position.
    return new Checkpoint(7, T0.plusSeconds(3600), head.position(), headId, head.hash(), "signed");
  }

  static ChainCheck check(ChainCheck check, List<AuditEntry> rows) {
    rows.forEach(check::accept);
    return check.finish();
  }

  static List<AuditEntry> edit(List<AuditEntry> rows, long id, UnaryOperator<AuditEntry> change) {
    return rows.stream().map(e -> e.id() == id ? change.apply(e) : e).toList();
  }

  @Test
  void anUntouchedChainHolds() {
    List<AuditEntry> rows = chain(1, 2, 3, 4, 5);

    ChainCheck result = check(ChainCheck.fromGenesis(checkpointAt(rows, 5)), rows);

    assertThat(result.intact()).isTrue();
    assertThat(result.rows()).isEqualTo(5);
    assertThat(result.listed()).isEmpty();
  }

  @Test
  void idsLeftOutByRolledBackTransactionsAreNoGap() {
    List<AuditEntry> rows = chain(1, 2, 5, 6, 9);

    assertThat(check(ChainCheck.fromGenesis(checkpointAt(rows, 6)), rows).intact()).isTrue();
  }

  @Test
  void rowsChainedInTheOrderTheyCommittedHoldByPositionNotById() {
    // Row 3's transaction committed after rows 4 and 5 had their places.
    List<AuditEntry> rows = chain(1, 2, 4, 5, 3, 6);

    assertThat(check(ChainCheck.fromGenesis(checkpointAt(rows, 3)), rows).intact()).isTrue();

    // The head the checkpoint signed (row 3, at position 5) and the row after it cut; a row
    // appended after the cut takes position 5 again.
    List<AuditEntry> cut = new ArrayList<>(rows.subList(0, 4));
    cut.add(rehashed(List.of(cut.getLast(), row(7, 5, "appended after the cut")), 1).getLast());
    ChainCheck result = check(ChainCheck.fromGenesis(checkpointAt(rows, 3)), cut);

    assertThat(result.listed()).extracting(BrokenRow::id).containsExactly(3L);
    assertThat(result.listed().getFirst().reason()).contains("is gone");
  }

  @Test
  void aChangedRowIsNamedAndTheRowsAfterItStillHold() {
    List<AuditEntry> rows = edit(chain(1, 2, 3, 4, 5), 3, e -> withDetails(e, "edited"));

    ChainCheck result = check(ChainCheck.fromGenesis(null), rows);

    assertThat(result.listed())
        .containsExactly(new BrokenRow(3, "was changed after it was written"));
  }

  @Test
  void everyBrokenRowIsListedNotOnlyTheFirst() {
    List<AuditEntry> rows = chain(1, 2, 3, 4, 5, 6);
    rows = edit(rows, 2, e -> withDetails(e, "edited"));
    rows = edit(rows, 5, e -> withDetails(e, "edited too"));

    ChainCheck result = check(ChainCheck.fromGenesis(null), rows);

    assertThat(result.listed()).extracting(BrokenRow::id).containsExactly(2L, 5L);
    assertThat(result.broken()).isEqualTo(2);
  }

  @Test
  void aRemovedRowBreaksTheLinkOfTheNextOne() {
    List<AuditEntry> rows = new ArrayList<>(chain(1, 2, 3, 4, 5));
    Checkpoint signed = checkpointAt(rows, 5);
    rows.remove(2);

    ChainCheck result = check(ChainCheck.fromGenesis(signed), rows);

    assertThat(result.listed()).extracting(BrokenRow::id).containsExactly(4L, 5L);
    assertThat(result.listed().get(0).reason()).contains("does not follow its predecessor");
    assertThat(result.listed().get(1).reason())
        .contains("is row 4 of the chain, but checkpoint 7 signed it as row 5");
  }

  @Test
  void aChainRewrittenWithItsHashesRecomputedDoesNotMatchTheCheckpoint() {
    List<AuditEntry> original = chain(1, 2, 3, 4, 5, 6);
    Checkpoint signed = checkpointAt(original, 5);
    List<AuditEntry> rewritten =
        rehashed(edit(original, 3, e -> withDetails(e, "a different story")), 2);
    // Without the checkpoint, nothing shows: every hash was recomputed.
    assertThat(check(ChainCheck.fromGenesis(null), rewritten).intact()).isTrue();

    ChainCheck result = check(ChainCheck.fromGenesis(signed), rewritten);

    assertThat(result.listed())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.id()).isEqualTo(5);
              assertThat(b.reason()).contains("does not have the hash checkpoint 7 signed");
            });
  }

  @Test
  void aRowAddedBeforeTheCheckpointWithTheChainRecomputedIsCounted() {
    List<AuditEntry> original = chain(1, 2, 4, 5);
    Checkpoint signed = checkpointAt(original, 5);
    List<AuditEntry> padded = new ArrayList<>(original);
    padded.add(2, row(3, "slipped in"));

    ChainCheck result = check(ChainCheck.fromGenesis(signed), rehashed(padded, 2));

    assertThat(result.listed()).singleElement().extracting(BrokenRow::id).isEqualTo(5L);
  }

  @Test
  void removingTheNewestRowsIsDetected() {
    List<AuditEntry> original = chain(1, 2, 3, 4, 5, 6);
    Checkpoint signed = checkpointAt(original, 6);

    ChainCheck result = check(ChainCheck.fromGenesis(signed), original.subList(0, 4));

    assertThat(result.listed())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.id()).isEqualTo(6);
              assertThat(b.reason())
                  .contains("is gone")
                  .contains("ends with 4 rows, the checkpoint counted 6");
            });
  }

  @Test
  void removingTheNewestRowsShowsEvenWhenNewRowsFollow() {
    List<AuditEntry> original = chain(1, 2, 3, 4, 5, 6);
    Checkpoint signed = checkpointAt(original, 6);
    List<AuditEntry> cut = new ArrayList<>(original.subList(0, 4));
    cut.add(row(7, "appended after the cut"));

    ChainCheck result = check(ChainCheck.fromGenesis(signed), rehashed(cut, 4));

    assertThat(result.listed()).extracting(BrokenRow::id).containsExactly(6L);
    assertThat(result.listed().getFirst().reason()).contains("is gone");
  }

  @Test
  void rowsAfterTheNewestCheckpointAreHeldOnlyByTheirHashes() {
    // The window a checkpoint interval leaves: documented, not detected.
    List<AuditEntry> original = chain(1, 2, 3, 4, 5, 6);
    Checkpoint signed = checkpointAt(original, 4);
    List<AuditEntry> rewritten = rehashed(edit(original, 6, e -> withDetails(e, "later")), 5);

    assertThat(check(ChainCheck.fromGenesis(signed), rewritten).intact()).isTrue();
  }

  @Test
  void listsAThousandAndCountsTheRest() {
    long[] ids = new long[1500];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i + 1;
    }
    List<AuditEntry> rows =
        chain(ids).stream().map(e -> withDetails(e, "every row edited")).toList();

    ChainCheck result = check(ChainCheck.fromGenesis(null), rows);

    assertThat(result.listed()).hasSize(ChainCheck.MAX_LISTED);
    assertThat(result.broken()).isEqualTo(1500);
  }

  @Test
  void continuingAfterACheckpointNeedsTheRowsToFollowItsHead() {
    List<AuditEntry> rows = chain(1, 2, 3, 4, 5, 6);
    Checkpoint signed = checkpointAt(rows, 4);

    ChainCheck after = check(ChainCheck.after(signed), rows.subList(4, 6));
    assertThat(after.intact()).isTrue();
    assertThat(after.rows()).isEqualTo(6);
    assertThat(after.last()).get().extracting(AuditEntry::id).isEqualTo(6L);

    List<AuditEntry> rewrittenBefore = rehashed(edit(rows, 2, e -> withDetails(e, "x")), 1);
    assertThat(check(ChainCheck.after(signed), rewrittenBefore.subList(4, 6)).intact()).isFalse();
  }
}
