package dev.slipway.audit;

import static dev.slipway.audit.TimeRangeIds.Way.FROM_THE_END;
import static dev.slipway.audit.TimeRangeIds.Way.NONE;
import static dev.slipway.audit.TimeRangeIds.Way.OVER_THE_RANGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.audit.TimeRangeIds.Plan;
import dev.slipway.audit.TimeRangeIds.Probe;
import org.junit.jupiter.api.Test;

/** Each bound of a time range is computed the cheaper exact way, a lower one within its budget. */
class TimeRangeIdsTest {

  @Test
  void aWeekLongAgoIsBoundedFromItsOwnRows() {
    // 1,000,000 rows over 90 days: a week 60 days ago, 333,333 rows below it, 588,889 above.
    Probe week = new Probe(77_778, 333_333, 588_889);
    assertThat(TimeRangeIds.plan(true, true, week))
        .isEqualTo(new Plan(OVER_THE_RANGE, OVER_THE_RANGE));
  }

  @Test
  void aRangeNearAnEndIsBoundedByWalkingFromThatEnd() {
    // From noon of the first day: 5,000 rows below, walked at four times an index entry's cost.
    assertThat(TimeRangeIds.plan(true, false, new Probe(995_000, 5_000, 0)))
        .isEqualTo(new Plan(FROM_THE_END, NONE));
    // Up to the day before yesterday: 22,222 rows above.
    assertThat(TimeRangeIds.plan(false, true, new Probe(977_778, 0, 22_222)))
        .isEqualTo(new Plan(NONE, FROM_THE_END));
  }

  @Test
  void aRecentRangeIsBoundedFromItsRowsWhenTheyAreFewerThanTheWalkWouldRead() {
    // The last day: 11,111 rows in it, none above; the walk from the top needs no upper bound.
    assertThat(TimeRangeIds.plan(true, false, new Probe(11_111, 988_889, 0)))
        .isEqualTo(new Plan(OVER_THE_RANGE, NONE));
    // Four rows in the range, 10,000 above it: walking down would read 40,000 at four each.
    assertThat(TimeRangeIds.plan(true, true, new Probe(4, 10, 10_000)))
        .isEqualTo(new Plan(OVER_THE_RANGE, OVER_THE_RANGE));
  }

  @Test
  void theNextPageOfARangeStartsInsideItAndNeedsNoBound() {
    // The week 60 days ago again, the keyset inside the range: nothing above it to skip, and the
    // lower bound alone would cost the whole range.
    assertThat(TimeRangeIds.plan(true, true, new Probe(77_778, 333_333, 0)))
        .isEqualTo(new Plan(NONE, NONE));
    // A few rows above the start are cheaper to read on the way than to bound.
    assertThat(TimeRangeIds.plan(false, true, new Probe(77_778, 333_333, 6_000)))
        .isEqualTo(new Plan(NONE, NONE));
    assertThat(TimeRangeIds.plan(false, true, new Probe(77_778, 333_333, 7_000)))
        .isEqualTo(new Plan(NONE, FROM_THE_END));
  }

  @Test
  void aLowerBoundOverItsBudgetIsLeftOutUnlessTheUpperBoundsScanGivesIt() {
    // From 30 days ago: 333,334 rows in it, 666,666 below; either way costs more than the budget.
    Probe wide = new Probe(333_334, 666_666, 0);
    assertThat(TimeRangeIds.plan(true, false, wide)).isEqualTo(new Plan(NONE, NONE));
    // Half the ledger, a quarter on either side: the upper bound is still computed, and the scan
    // for it gives the lower one too; walked from the top, the lower one is left out.
    assertThat(TimeRangeIds.plan(true, true, new Probe(500_000, 250_000, 250_000)))
        .isEqualTo(new Plan(OVER_THE_RANGE, OVER_THE_RANGE));
    assertThat(TimeRangeIds.plan(true, true, new Probe(500_000, 250_000, 100_000)))
        .isEqualTo(new Plan(NONE, FROM_THE_END));
    long budget = TimeRangeIds.BUDGET;
    assertThat(TimeRangeIds.plan(true, false, new Probe(budget, budget, 0)).lower())
        .isEqualTo(OVER_THE_RANGE);
    assertThat(TimeRangeIds.plan(true, false, new Probe(budget + 1, budget, 0)).lower())
        .isEqualTo(NONE);
  }

  @Test
  void anEmptyRangeCostsNothingToBound() {
    assertThat(TimeRangeIds.plan(true, true, new Probe(0, 0, 0)))
        .isEqualTo(new Plan(OVER_THE_RANGE, NONE));
  }
}
