package dev.slipway.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A time filter as a bound on ids too, so a page walking the ids from the newest starts at the
 * range and stops at its end instead of walking every row recorded after it. Times do not rise with
 * the ids (adr/0010-ledger-chained-after-commit.md), so the bounds are the exact smallest and
 * largest id among the rows in the range, written as subqueries into the reader's own statement:
 * computed from the same snapshot as the rows, they never leave out a row of the range, whatever
 * the order of ids and times.
 *
 * <p>There are two exact ways to compute a bound, and which is cheap depends on where the range
 * lies: over the rows in the range (an index-only scan of {@code (occurred_at, id)}, as long as the
 * range is) or walking the ids from the far end until the first row in the range (as long as the
 * rows beyond it). Two probes of that index (the range's first and last row in time) and the lowest
 * and highest id say roughly how many rows each way reads, since ids roughly follow time; when they
 * do not, only the choice is worse, never the answer.
 */
final class TimeRangeIds {

  private TimeRangeIds() {}

  /** How many ids each way reads, as estimated by the probes. */
  record Probe(long inside, long below, long above) {}

  /** How a bound is computed, if it is. */
  enum Way {
    /** Left out: the time condition alone keeps the answer exact. */
    NONE,
    /** From the rows in the range: an index-only scan of {@code (occurred_at, id)}. */
    OVER_THE_RANGE,
    /** Walking the ids from the ledger's end on that side to the first row in the range. */
    FROM_THE_END
  }

  /** How each bound is computed. */
  record Plan(Way lower, Way upper) {}

  /**
   * What reading one id costs walking from an end, in index-only entries of the range: the walk
   * reads each row's time from the table (measured about four times an index-only entry, 1,000,000
   * rows on 2 cores).
   */
  static final long WALK_COST = 4;

  /**
   * A lower bound costing more than this (in index-only entries: about 3 ms on 2 cores) is left
   * out, unless the scan for the upper bound gives it anyway. It only stops a walk that found fewer
   * rows than a page before leaving the range; without it, the walk reads on towards the ledger's
   * first row, as every filter without a time range does, while the first pages of a wide range are
   * found near its top. An upper bound is always computed: without it every page of the range would
   * first walk every row above it, and computing it the cheaper way never reads more.
   */
  static final long LOWER_BOUND_BUDGET = 25_000;

  /** Each needed bound the cheaper way (a lower one only within its budget or for free). */
  static Plan plan(boolean hasFrom, boolean hasTo, Probe probe) {
    long inside = probe.inside();
    long below = probe.below() * WALK_COST;
    long above = probe.above() * WALK_COST;
    Way upper = Way.NONE;
    if (hasTo) {
      upper = inside <= above ? Way.OVER_THE_RANGE : Way.FROM_THE_END;
    }
    Way lower = Way.NONE;
    if (hasFrom && upper == Way.OVER_THE_RANGE) {
      lower = Way.OVER_THE_RANGE; // the same scan gives both
    } else if (hasFrom && Math.min(inside, below) <= LOWER_BOUND_BUDGET) {
      lower = inside <= below ? Way.OVER_THE_RANGE : Way.FROM_THE_END;
    }
    return new Plan(lower, upper);
  }

  /**
   * Appends the time condition and the exact id bounds of the rows it selects to {@code sql}, a
   * statement {@code select ... from audit_event where ...} (a common table expression may be put
   * in front of it).
   *
   * @param jdbc for the probes, which only steer how the bounds are computed
   */
  static void append(
      JdbcClient jdbc,
      @Nullable Instant from,
      @Nullable Instant to,
      StringBuilder sql,
      Map<String, Object> params) {
    if (from == null && to == null) {
      return;
    }
    String range = range(from, to, params);
    Probe probe =
        jdbc.sql(
                """
                select
                  (select id from audit_event where %1$s order by occurred_at, id limit 1) first,
                  (select id from audit_event where %1$s
                    order by occurred_at desc, id desc limit 1) last,
                  (select min(id) from audit_event) lowest,
                  (select max(id) from audit_event) highest"""
                    .formatted(range))
            .params(params)
            .query(
                (rs, row) -> {
                  Long first = rs.getObject("first", Long.class);
                  Long last = rs.getObject("last", Long.class);
                  if (first == null || last == null) {
                    return new Probe(0, 0, 0); // nothing in the range now: bounds are free
                  }
                  return new Probe(
                      Math.abs(last - first) + 1,
                      Math.max(0, Math.min(first, last) - rs.getLong("lowest")),
                      Math.max(0, rs.getLong("highest") - Math.max(first, last)));
                })
            .single();
    append(plan(from != null, to != null, probe), range, sql);
  }

  /** The time condition; {@code from} and {@code to} put into {@code params}. */
  static String range(@Nullable Instant from, @Nullable Instant to, Map<String, Object> params) {
    StringBuilder range = new StringBuilder();
    if (from != null) {
      range.append("occurred_at >= :from");
      params.put("from", Timestamp.from(from));
    }
    if (to != null) {
      range.append(from != null ? " and " : "").append("occurred_at < :to");
      params.put("to", Timestamp.from(to));
    }
    return range.toString();
  }

  /** Appends the time condition {@code range} and the bounds as {@code plan} computes them. */
  static void append(Plan plan, String range, StringBuilder sql) {
    sql.append(" and ").append(range);
    if (plan.lower() == Way.OVER_THE_RANGE || plan.upper() == Way.OVER_THE_RANGE) {
      // One scan of the range for both bounds, ahead of the reader's statement. min(id + 0): the
      // planner would otherwise turn min(id) into a walk of the primary key, expecting the range's
      // rows spread evenly over the ids.
      sql.insert(
          0,
          "with range_ids as materialized (select min(id + 0) lowest, max(id + 0) highest"
              + " from audit_event where "
              + range
              + ") ");
    }
    switch (plan.lower()) {
      case NONE -> {}
      case OVER_THE_RANGE -> sql.append(" and id >= (select lowest from range_ids)");
      case FROM_THE_END ->
          sql.append(" and id >= (select id from audit_event where ")
              .append(range)
              .append(" order by id limit 1)");
    }
    switch (plan.upper()) {
      case NONE -> {}
      case OVER_THE_RANGE -> sql.append(" and id <= (select highest from range_ids)");
      case FROM_THE_END ->
          sql.append(" and id <= (select id from audit_event where ")
              .append(range)
              .append(" order by id desc limit 1)");
    }
  }
}
