package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Not part of the test run (its name matches neither *Test nor *IT). Run it with the command in
 * docs/benchmarks.md. Loads a ledger of 1,000,000 chained events (hashed exactly as the ledger
 * hashes, written with COPY), then measures through the REST API: filtered pages (first and deeper
 * keyset pages, every filter), the export of the whole range with the portal's heap sampled, and
 * verification of the whole chain. Writes target/benchmark-audit.md.
 */
@PortalTest
class AuditLedgerBenchmark {

  static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

  static final String[] TYPES = {
    "EnvironmentRequested",
    "EnvironmentReady",
    "ObjectivesRecorded",
    "GateDecided",
    "GateDecided",
    "GateDecided",
    "SignedIn",
    "EnvironmentDeletionRequested",
    "EnvironmentDeleted",
    "EnvironmentExtended",
    "AccessRefused",
    "ObjectiveChanged",
    "TemplatePolicyChanged",
    "ServiceFrozen",
    "FreezeLifted",
    "EnvironmentFailed"
  };
  static final String[] TEMPLATES = {
    "postgresql", "redis", "webapp-postgresql", "log-dashboard", "metrics-dashboard"
  };

  @LocalServerPort int port;
  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;
  @Autowired AuditChainer ledgerChainer;

  @Test
  void aMillionEvents() throws Exception {
    long started = System.nanoTime();
    load(EVENTS);
    double loadSeconds = (System.nanoTime() - started) / 1e9;
    long rows = jdbc.sql("select count(*) from audit_event").query(Long.class).single();
    assertThat(rows).isGreaterThanOrEqualTo(EVENTS);
    Api auditor = Api.basic(port, "auditor", "auditor");

    // Filtered pages: each filter, the first page and two keyset pages deeper.
    Map<String, String> filters = new LinkedHashMap<>();
    filters.put("none", "");
    filters.put("actor", "actor=user-17");
    filters.put("team", "team=team-07");
    filters.put("template", "template=redis");
    filters.put("environment", "environment=" + environment(4242));
    filters.put("type", "type=TemplatePolicyChanged");
    filters.put("outcome", "outcome=REFUSED");
    filters.put("last day", "from=" + end().minus(1, ChronoUnit.DAYS));
    filters.put(
        "a week, 60 days ago",
        "from=" + end().minus(60, ChronoUnit.DAYS) + "&to=" + end().minus(53, ChronoUnit.DAYS));
    filters.put("team + type", "team=team-03&type=EnvironmentRequested");
    filters.put(
        "template + outcome + week",
        "template=postgresql&outcome=FAILURE&from=" + end().minus(7, ChronoUnit.DAYS));
    for (int warm = 0; warm < 3; warm++) {
      filters.values().forEach(q -> auditor.get("/api/v1/audit?limit=50&" + q));
    }
    List<Double> all = new ArrayList<>();
    Map<String, List<Double>> byFilter = new LinkedHashMap<>();
    for (int round = 0; round < 10; round++) {
      for (var filter : filters.entrySet()) {
        String next = "";
        for (int page = 0; page < 3; page++) {
          long t = System.nanoTime();
          Api.Response response = auditor.get("/api/v1/audit?limit=50&" + filter.getValue() + next);
          double ms = (System.nanoTime() - t) / 1e6;
          assertThat(response.status()).as(response.body()).isEqualTo(200);
          all.add(ms);
          byFilter.computeIfAbsent(filter.getKey(), k -> new ArrayList<>()).add(ms);
          if (response.json().path("next").isNull()
              || response.json().path("next").isMissingNode()) {
            break;
          }
          next = "&before=" + response.json().path("next").asLong();
        }
      }
    }

    // Export: the whole range, and a tenth of it, with the heap sampled while it streams.
    List<double[]> exports = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      exports.add(export(""));
    }
    double[] tenth = export("from=" + end().minus(9, ChronoUnit.DAYS));

    // Verify.
    List<Double> verifies = new ArrayList<>();
    long verifiedRows = 0;
    for (int round = 0; round < ROUNDS; round++) {
      long t = System.nanoTime();
      var verified = auditor.get("/api/v1/audit/verify").json();
      verifies.add((System.nanoTime() - t) / 1e6);
      assertThat(verified.path("intact").asBoolean()).as(verified.toString()).isTrue();
      verifiedRows = verified.path("rows").asLong();
    }

    StringBuilder report = new StringBuilder();
    report.append("# Audit ledger benchmark\n\n");
    report.append(
        "%,d events loaded in %.1f s (COPY, hashed as the ledger hashes); %,d rows in the ledger.\n\n"
            .formatted(EVENTS, loadSeconds, rows));
    report.append("## Filtered pages (50 rows, REST API)\n\n");
    report.append(
        "All %d requests: p50 %.1f ms, **p95 %.1f ms**, max %.1f ms.\n\n"
            .formatted(all.size(), pct(all, 50), pct(all, 95), pct(all, 100)));
    report.append("| filter | requests | p50 ms | p95 ms |\n|---|---|---|---|\n");
    byFilter.forEach(
        (k, v) ->
            report.append(
                "| %s | %d | %.1f | %.1f |\n".formatted(k, v.size(), pct(v, 50), pct(v, 95))));
    report.append("\n## Export of the whole range (CSV, streamed)\n\n");
    report.append(
        "| round | rows | MB written | seconds | peak heap − before, MB (garbage included)"
            + " | retained after GC, MB |\n");
    report.append("|---|---|---|---|---|---|\n");
    for (int i = 0; i < exports.size(); i++) {
      double[] e = exports.get(i);
      report.append(
          "| %d | %,.0f | %.0f | %.1f | %.0f | %.0f |\n"
              .formatted(i + 1, e[0], e[1], e[2], e[3], e[4]));
    }
    report.append(
        "| last 9 days | %,.0f | %.0f | %.1f | %.0f | %.0f |\n"
            .formatted(tenth[0], tenth[1], tenth[2], tenth[3], tenth[4]));
    report.append(
        "\nMedian export: %.1f s; median heap growth %.0f MB for %.0f MB written.\n"
            .formatted(
                median(exports.stream().map(e -> e[2]).toList()),
                median(exports.stream().map(e -> e[3]).toList()),
                exports.getFirst()[1]));
    report.append("\n## Verify\n\n");
    report.append(
        "%,d rows; median **%.2f s** over %d rounds (%s).\n"
            .formatted(verifiedRows, median(verifies) / 1000, ROUNDS, verifies));
    report.append("\n## Query plans (EXPLAIN ANALYZE, after the runs above)\n\n");
    Map<String, Object> week = new LinkedHashMap<>();
    StringBuilder weekPage = new StringBuilder("select * from audit_event where true");
    TimeRangeIds.append(
        jdbc,
        end().minus(60, ChronoUnit.DAYS),
        end().minus(53, ChronoUnit.DAYS),
        null,
        weekPage,
        week);
    weekPage.append(" order by id desc limit 50");
    report.append(plan("A week 60 days ago, first page", weekPage.toString(), week));
    report.append(
        plan(
            "Verify",
            "select * from audit_event where chain_seq is not null order by chain_seq",
            Map.of()));
    report.append(
        plan(
            "Export, waiting rows",
            "select * from audit_event where chain_seq is null order by id",
            Map.of()));
    Path out = Path.of("target/benchmark-audit.md");
    Files.writeString(out, report);
    System.out.println(report);
  }

  /** The plan PostgreSQL runs for {@code sql}, with what it took, as a fenced block. */
  private String plan(String title, String sql, Map<String, Object> params) {
    List<String> lines =
        jdbc.sql("explain (analyze, buffers) " + sql).params(params).query(String.class).list();
    return "### " + title + "\n\n```\n" + sql + "\n\n" + String.join("\n", lines) + "\n```\n\n";
  }

  /** Streams an export through the API, sampling the portal's heap (same JVM) as it goes. */
  private double[] export(String query) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    Thread.sleep(200);
    long before = memory.getHeapMemoryUsage().getUsed();
    AtomicLong peak = new AtomicLong(before);
    Thread sampler =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                      Thread.sleep(20);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    long t = System.nanoTime();
    long[] bytes = {0};
    long[] lines = {0};
    HttpResponse<java.io.InputStream> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/audit/export?" + query))
                    .header(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString("auditor:auditor".getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofMinutes(10))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    try (var in = response.body()) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        bytes[0] += n;
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines[0]++;
          }
        }
      }
    }
    double seconds = (System.nanoTime() - t) / 1e9;
    sampler.interrupt();
    sampler.join();
    System.gc();
    Thread.sleep(200);
    long after = memory.getHeapMemoryUsage().getUsed();
    return new double[] {
      lines[0] - 1, bytes[0] / 1e6, seconds, (peak.get() - before) / 1e6, (after - before) / 1e6
    };
  }

  private static Instant end() {
    return Instant.parse("2026-11-01T00:00:00Z");
  }

  private static UUID environment(int n) {
    return UUID.nameUUIDFromBytes(("env-" + n).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code count} events over the 90 days before {@link #end()}, chained to the ledger's
   * last row: 200 people in 20 teams, 50,000 environments, the features' event types.
   */
  private void load(int count) throws Exception {
    // Chained onto the chain's head: whatever the portal wrote is chained first.
    ledgerChainer.catchUp(java.time.Duration.ofSeconds(30));
    String previous =
        jdbc.sql(
                "select hash from audit_event where chain_seq is not null"
                    + " order by chain_seq desc limit 1")
            .query(String.class)
            .optional()
            .orElse(AuditLedger.GENESIS);
    long position =
        jdbc.sql("select coalesce(max(chain_seq), 0) from audit_event").query(Long.class).single();
    Random random = new Random(42);
    Instant start = end().minus(90, ChronoUnit.DAYS);
    long spanMicros = ChronoUnit.MICROS.between(start, end());
    try (Connection connection = dataSource.getConnection()) {
      PGConnection pg = connection.unwrap(PGConnection.class);
      StringBuilder chunk = new StringBuilder();
      for (int i = 0; i < count; i++) {
        Instant at = start.plus(spanMicros * i / count, ChronoUnit.MICROS);
        String type = TYPES[random.nextInt(TYPES.length)];
        int person = random.nextInt(200);
        boolean background = type.equals("EnvironmentReady") || type.equals("ObjectivesRecorded");
        String subject = background ? "slipway" : "user-" + person;
        String name = background ? "Slipway (background work)" : "user-" + person;
        int env = random.nextInt(50_000);
        UUID environment = type.equals("SignedIn") ? null : environment(env);
        String template = environment == null ? null : TEMPLATES[env % TEMPLATES.length];
        String team = "team-%02d".formatted((environment == null ? person : env) % 20);
        String outcome =
            switch (type) {
              case "AccessRefused" -> "REFUSED";
              case "EnvironmentFailed" -> "FAILURE";
              case "GateDecided" -> random.nextInt(10) == 0 ? "REFUSED" : "SUCCESS";
              default -> "SUCCESS";
            };
        String reason =
            outcome.equals("SUCCESS")
                ? null
                : "budget of availability spent (ticket CHG-" + i + ")";
        boolean change = type.endsWith("Changed");
        String before = change ? "{\"objective\":99.9,\"window\":\"P30D\"}" : null;
        String after = change ? "{\"objective\":99.5,\"window\":\"P30D\"}" : null;
        String request =
            background
                ? null
                : "{\"method\":\"POST\",\"path\":\"/api/v1/environments\",\"parameters\":"
                    + "{\"NAME\":\"app-"
                    + env
                    + "\",\"DATABASE_PASSWORD\":\"••••••\"}}";
        String details =
            "{\"id\":\""
                + environment
                + "\",\"name\":\"env-"
                + env
                + "\",\"template\":\""
                + template
                + "\",\"owner\":\""
                + subject
                + "\"}";
        AuditEntry row =
            new AuditEntry(
                0,
                ++position,
                at,
                type,
                environment == null ? subject : environment.toString(),
                subject,
                name,
                outcome,
                reason,
                background ? null : "10.0." + (person / 250) + "." + (person % 250),
                background ? null : "slipway-ci/1.0",
                environment,
                template,
                team,
                before,
                after,
                request,
                details,
                previous,
                "");
        String hash = AuditLedger.hash(previous, row.content());
        chunk.append(Timestamp(at)).append(',');
        for (String part :
            new String[] {
              type,
              row.target(),
              subject,
              name,
              outcome,
              reason,
              row.clientAddress(),
              row.userAgent(),
              environment == null ? null : environment.toString(),
              template,
              team,
              before,
              after,
              request,
              details,
              previous,
              hash,
              Long.toString(position)
            }) {
          chunk.append(csv(part)).append(',');
        }
        chunk.setLength(chunk.length() - 1);
        chunk.append('\n');
        previous = hash;
        if ((i + 1) % 50_000 == 0 || i == count - 1) {
          pg.getCopyAPI()
              .copyIn(
                  "copy audit_event (occurred_at, type, target, actor_subject, actor_name,"
                      + " outcome, reason, client_address, user_agent, environment_id, template,"
                      + " team, before_state, after_state, request, details, previous_hash, hash,"
                      + " chain_seq)"
                      + " from stdin with (format csv)",
                  new StringReader(chunk.toString()));
          chunk.setLength(0);
        }
      }
    }
    jdbc.sql("analyze audit_event").update();
  }

  private static String Timestamp(Instant at) {
    return at.toString();
  }

  private static String csv(String value) {
    if (value == null) {
      return "";
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  private static double pct(List<Double> values, int percentile) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private static double median(List<Double> values) {
    return pct(values, 50);
  }
}
