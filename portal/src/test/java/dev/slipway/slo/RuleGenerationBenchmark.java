package dev.slipway.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.slo.rules.RuleDocument;
import dev.slipway.slo.rules.RuleGenerator;
import dev.slipway.slo.rules.SloSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Not part of the test run (see docs/benchmarks.md): rules for 10,000 SLOs generated, and written
 * as YAML, median of several rounds.
 */
class RuleGenerationBenchmark {

  static final int SLOS = Integer.getInteger("bench.slos", 10_000);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

  static List<ServiceObjective> objectives() {
    List<ServiceObjective> out = new ArrayList<>();
    Instant now = Instant.parse("2026-11-25T00:00:00Z");
    for (int i = 0; out.size() < SLOS; i++) {
      UUID id = new UUID(0, i);
      String service = "service-" + i;
      String namespace = "env-" + service;
      out.add(
          new ServiceObjective(
              id,
              service,
              namespace,
              "availability",
              Indicator.AVAILABILITY,
              99.9,
              SloWindow.DAYS_30,
              null,
              now,
              "bench"));
      if (out.size() < SLOS) {
        out.add(
            new ServiceObjective(
                id,
                service,
                namespace,
                "latency-p50",
                Indicator.LATENCY,
                50,
                SloWindow.DAYS_30,
                new Threshold(Duration.ofMillis(300)),
                now,
                "bench"));
      }
      if (out.size() < SLOS) {
        out.add(
            new ServiceObjective(
                id,
                service,
                namespace,
                "latency-p99",
                Indicator.LATENCY,
                99,
                SloWindow.DAYS_28,
                new Threshold(Duration.ofSeconds(2)),
                now,
                "bench"));
      }
    }
    return out;
  }

  @Test
  void rulesForTenThousandSlos() throws Exception {
    List<ServiceObjective> objectives = objectives();
    List<Double> generate = new ArrayList<>();
    List<Double> yaml = new ArrayList<>();
    int rules = 0;
    long bytes = 0;
    for (int round = 0; round <= ROUNDS; round++) {
      long start = System.nanoTime();
      List<RuleDocument> documents =
          RuleGenerator.generate(
              List.of(SloSpec.sloth(ServiceLevels.slos(objectives))),
              RuleGenerator.Options.defaults());
      long generated = System.nanoTime();
      String text = RuleGenerator.toYaml(documents);
      long written = System.nanoTime();
      if (round > 0) { // round 0 warms up
        generate.add((generated - start) / 1e6);
        yaml.add((written - generated) / 1e6);
      }
      rules =
          documents.stream()
              .mapToInt(d -> d.groups().stream().mapToInt(g -> g.rules().size()).sum())
              .sum();
      bytes = text.length();
    }
    assertThat(rules).isEqualTo(SLOS * 17);
    Collections.sort(generate);
    Collections.sort(yaml);
    String report =
        String.format(
            Locale.ROOT,
            """
            | rule generation (median of %d rounds) | value |
            |---|---|
            | SLOs | %d |
            | rules generated | %d |
            | generate (SLOs → rule groups) | %.0f ms |
            | write as YAML | %.0f ms (%.1f MB) |
            """,
            ROUNDS,
            SLOS,
            rules,
            generate.get(generate.size() / 2),
            yaml.get(yaml.size() / 2),
            bytes / 1e6);
    Files.writeString(Path.of("target/benchmark-rules.md"), report);
    System.out.println(report);
  }
}
