package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import dev.slipway.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Time filters select exactly the rows recorded in the range although times do not rise with the
 * ids: the id bounds they add come from the rows in the range, not from its first and last row.
 */
@PortalTest
class AuditTimeRangeIT {

  static final Instant ERA = Instant.parse("1999-01-01T00:00:00Z");

  /** Minutes after {@link #ERA} at which each row is recorded, in the order the ids are given. */
  static final int[] MINUTES = {50, 10, 30, 70, 20, 40, 0, 60};

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired AuditLedger ledger;
  @Autowired TestClock clock;
  @Autowired TransactionTemplate transactions;

  @Test
  void aTimeRangeReturnsExactlyItsRowsWhenTimesAreOutOfIdOrder() {
    List<Long> ids = recordOutOfOrder();
    assertThat(ids).as("ids are given in the order rows are recorded").isSorted();
    Api auditor = Api.basic(port, "auditor", "auditor");
    Instant from = ERA.plus(Duration.ofMinutes(15));
    Instant to = ERA.plus(Duration.ofMinutes(45));

    // Recorded at 30, 20 and 40: the range's first and last row in time (20, 40) are neither its
    // smallest nor its largest id, and the row at 70 lies between its ids but outside its time.
    List<Long> inRange = List.of(ids.get(5), ids.get(4), ids.get(2));
    assertThat(pages(auditor, "from=" + from + "&to=" + to, 2)).isEqualTo(inRange);
    assertThat(pages(auditor, "from=" + from + "&to=" + to, 50)).isEqualTo(inRange);
    assertThat(exported(auditor, "from=" + from + "&to=" + to))
        .containsExactlyInAnyOrderElementsOf(inRange);

    // Open on one side: the same, against the rows as the database selects them by time alone.
    assertThat(pages(auditor, "to=" + to, 50)).isEqualTo(byTimeAlone(null, to));
    assertThat(pages(auditor, "to=" + to, 50))
        .containsSubsequence(ids.get(5), ids.get(4), ids.get(2), ids.get(1))
        .contains(ids.get(6))
        .doesNotContain(ids.get(0), ids.get(3), ids.get(7));
    Instant late = ERA.plus(Duration.ofMinutes(45));
    List<Long> fromLate = pages(auditor, "type=TimeRangeChecked&from=" + late, 50);
    assertThat(fromLate).isEqualTo(List.of(ids.get(7), ids.get(3), ids.get(0)));

    // Every way of computing the bounds gives the rows the time condition alone selects, from the
    // newest row or below a page's keyset.
    for (TimeRangeIds.Way lower : TimeRangeIds.Way.values()) {
      for (TimeRangeIds.Way upper : TimeRangeIds.Way.values()) {
        for (boolean fromBefore : new boolean[] {false, true}) {
          Map<String, Object> params = new LinkedHashMap<>();
          StringBuilder sql = new StringBuilder("select id from audit_event where true");
          TimeRangeIds.append(
              new TimeRangeIds.Plan(lower, upper),
              TimeRangeIds.range(from, to, params),
              fromBefore,
              sql);
          if (fromBefore) {
            sql.append(" and id < :before");
            params.put("before", ids.get(5));
          }
          sql.append(" order by id desc");
          assertThat(jdbc.sql(sql.toString()).params(params).query(Long.class).list())
              .as("lower bound %s, upper bound %s, below a keyset %s", lower, upper, fromBefore)
              .isEqualTo(fromBefore ? inRange.subList(1, 3) : inRange);
        }
      }
    }
  }

  /** Records one row per entry of {@link #MINUTES}, each with the clock set to that time. */
  List<Long> recordOutOfOrder() {
    List<Long> ids = new ArrayList<>();
    try {
      for (int minutes : MINUTES) {
        clock.reset();
        clock.advance(Duration.between(clock.instant(), ERA.plus(Duration.ofMinutes(minutes))));
        String target = "time-range-" + minutes;
        transactions.executeWithoutResult(
            tx -> ledger.append(LedgerChain.draft("TimeRangeChecked", target)));
        ids.add(
            jdbc.sql("select max(id) from audit_event where target = :target")
                .param("target", target)
                .query(Long.class)
                .single());
      }
    } finally {
      clock.reset();
    }
    return ids;
  }

  /** Every row the API returns for {@code query}, page after page of {@code limit}. */
  static List<Long> pages(Api auditor, String query, int limit) {
    List<Long> ids = new ArrayList<>();
    String before = "";
    while (true) {
      JsonNode page = auditor.get("/api/v1/audit?limit=" + limit + "&" + query + before).json();
      page.path("events").forEach(e -> ids.add(e.path("id").asLong()));
      if (page.path("next").isNull() || page.path("next").isMissingNode()) {
        return ids;
      }
      before = "&before=" + page.path("next").asLong();
    }
  }

  static List<Long> exported(Api auditor, String query) {
    List<Long> ids = new ArrayList<>();
    auditor
        .get("/api/v1/audit/export?format=json&" + query)
        .json()
        .forEach(e -> ids.add(e.path("id").asLong()));
    return ids;
  }

  /** The rows in a range as the time condition alone selects them, newest id first. */
  List<Long> byTimeAlone(@Nullable Instant from, @Nullable Instant to) {
    Map<String, Object> params = new LinkedHashMap<>();
    String range = TimeRangeIds.range(from, to, params);
    return jdbc.sql("select id from audit_event where " + range + " order by id desc")
        .params(params)
        .query(Long.class)
        .list();
  }
}
