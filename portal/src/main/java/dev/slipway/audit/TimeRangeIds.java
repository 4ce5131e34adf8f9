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

  /**
   * How many ids each way reads, as estimated by the probes.
   *
   * @param above between the range and where the reader's walk starts (the newest row, or a page's
   *     keyset)
   */
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
   * A bound is left out when computing it costs more than this (in index-only entries: about 3 ms
   * on 2 cores) and reading on without it costs no more than this, as follows. A lower bound only
   * stops a walk that found fewer rows than a page before leaving the range; without it the walk
   * reads on towards the ledger's first row, as every filter without a time range does, while the
   * pages of a wide range are found near its top: it is left out when it costs more than this,
   * unless the scan for the upper bound gives it anyway. An upper bound saves the walk the rows
   * between its start and the range: it is left out when they cost no more than this (the next page
   * of a range starts inside it), and otherwise computed the cheaper way, which never reads more
   * than the walk would.
   */
  static final long BUDGET = 25_000;

  /** Each bound the cheaper way, or none where it does not pay (see {@link #BUDGET}). */
  static Plan plan(boolean hasFrom, boolean hasTo, Probe probe) {
    long inside = probe.inside();
    long below = probe.below() * WALK_COST;
    long above = probe.above() * WALK_COST;
    Way upper = Way.NONE;
    if (hasTo && above > BUDGET) {
      upper = inside <= above ? Way.OVER_THE_RANGE : Way.FROM_THE_END;
    }
    Way lower = Way.NONE;
    if (hasFrom && upper == Way.OVER_THE_RANGE) {
      lower = Way.OVER_THE_RANGE; // the same scan gives both
    } else if (hasFrom && Math.min(inside, below) <= BUDGET) {
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
   * @param before where the reader's walk down the ids starts, if not at the newest row
   */
  static void append(
      JdbcClient jdbc,
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable Long before,
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
                  long top =
                      before == null
                          ? rs.getLong("highest")
                          : Math.min(rs.getLong("highest"), before - 1);
                  return new Probe(
                      Math.abs(last - first) + 1,
                      Math.max(0, Math.min(first, last) - rs.getLong("lowest")),
                      Math.max(0, top - Math.max(first, last)));
                })
            .single();
    append(plan(from != null, to != null, probe), range, before != null, sql);
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

  /**
   * Appends the time condition {@code range} and the bounds as {@code plan} computes them.
   *
   * @param fromBefore whether the reader's walk starts below the parameter {@code before}, which it
   *     sets: the upper bound's walk from the end starts there too
   */
  static void append(Plan plan, String range, boolean fromBefore, StringBuilder sql) {
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
              .append(fromBefore ? " and id < :before" : "")
              .append(" order by id desc limit 1)");
    }
  }
}
