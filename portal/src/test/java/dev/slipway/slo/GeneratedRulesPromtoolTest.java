package dev.slipway.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.slipway.slo.rules.RuleGenerator;
import dev.slipway.slo.rules.SloSpec;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules Slipway installs, through Prometheus' own tool: {@code promtool check rules} on every
 * kind of objective, and {@code promtool test rules} behaviour tests of the burn-rate alerts. The
 * tool must be there (CI installs Debian's {@code prometheus}); without it this test fails.
 */
class GeneratedRulesPromtoolTest {

  static final UUID ENVIRONMENT = UUID.fromString("5b0c0a3e-0000-4000-8000-000000000001");

  @TempDir Path dir;

  static ServiceObjective objective(
      String name, String indicator, double target, String window, Duration threshold) {
    return objective(
        name,
        Indicator.parse(indicator),
        target,
        SloWindow.parse(window),
        threshold == null ? null : new Threshold(threshold));
  }

  static ServiceObjective objective(
      String name, Indicator indicator, double target, SloWindow window, Threshold threshold) {
    return new ServiceObjective(
        ENVIRONMENT,
        "shop",
        "env-shop",
        name,
        indicator,
        target,
        window,
        threshold,
        Instant.parse("2026-11-25T00:00:00Z"),
        "test");
  }

  static final ServiceObjective AVAILABILITY =
      objective("availability", "availability", 99.9, "30d", null);

  static String promtool() {
    String configured = System.getenv("PROMTOOL");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return fail(
        "promtool is not installed: install Debian's prometheus package (.ci/run does) or set"
            + " PROMTOOL");
  }

  record Run(int exit, String output) {}

  Run promtool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(promtool()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }

  static String rules(List<ServiceObjective> objectives) {
    return RuleGenerator.toYaml(
        RuleGenerator.generate(
            List.of(SloSpec.sloth(ServiceLevels.slos(objectives))),
            RuleGenerator.Options.defaults()));
  }

  @Test
  void everyKindOfObjectivePassesPromtoolCheckRules() throws Exception {
    List<ServiceObjective> all =
        List.of(
            AVAILABILITY,
            objective("latency-p50", "latency", 50, "30d", Duration.ofMillis(300)),
            objective("latency-p99", "latency", 99, "28d", Duration.ofSeconds(2)),
            objective("log-processing", "log-processing", 99, "30d", Duration.ofMinutes(5)));
    Files.writeString(dir.resolve("shop.rules.yml"), rules(all));
    Files.writeString(dir.resolve("defaults.rules.yml"), rules(defaults()));

    Run check = promtool("check", "rules", "shop.rules.yml", "defaults.rules.yml");
    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output())
        .contains("SUCCESS: 68 rules found")
        .contains("SUCCESS: 34 rules found");
  }

  static List<ServiceObjective> defaults() {
    return ServiceLevels.DEFAULTS.stream()
        .map(t -> objective(t.name(), t.indicator(), t.target(), t.window(), t.threshold()))
        .toList();
  }

  /** A broken expression must fail the check: the gate can fail. */
  @Test
  void promtoolRefusesABrokenRule() throws Exception {
    Files.writeString(
        dir.resolve("broken.rules.yml"),
        rules(List.of(AVAILABILITY)).replace("sum(rate(http_requests_total", "sum(rate(("));
    Run check = promtool("check", "rules", "broken.rules.yml");
    assertThat(check.exit()).isNotZero();
    assertThat(check.output()).contains("parse error");
  }

  /**
   * Behaviour, for 99.9 % availability: a healthy service fires nothing; every request failing
   * pages within two minutes of the first failures; 0.5 % of requests failing (5× the budget) opens
   * a ticket and pages nobody.
   */
  @Test
  void burnRateAlertsBehave() throws Exception {
    String rules = rules(List.of(AVAILABILITY));
    Files.writeString(dir.resolve("shop.rules.yml"), rules);
    Map<String, String> page = alertLabels(rules, "page");
    Map<String, String> ticket = alertLabels(rules, "ticket");
    String series = "http_requests_total{namespace=\"env-shop\",code=\"%s\"}";
    String tests =
        """
        rule_files: [shop.rules.yml]
        evaluation_interval: 1m
        tests:
          # Healthy: 1,000 requests a minute, none failing, for a day.
          - interval: 1m
            input_series:
              - series: '%1$s'
                values: '0+1000x1440'
              - series: '%2$s'
                values: '0+0x1440'
            alert_rule_test:
              - {eval_time: 30m, alertname: SlipwayErrorBudgetBurn, exp_alerts: []}
              - {eval_time: 6h, alertname: SlipwayErrorBudgetBurn, exp_alerts: []}
              - {eval_time: 1d, alertname: SlipwayErrorBudgetBurn, exp_alerts: []}
          # An outage: healthy for an hour, then every request fails. The first failures land
          # between 61m and 62m; promtool evaluates rule groups in no fixed order, so an alert may
          # see the recordings one step late: by 63m, within two minutes, it pages.
          - interval: 1m
            input_series:
              - series: '%1$s'
                values: '0+1000x60 60000+0x30'
              - series: '%2$s'
                values: '0+0x60 0+1000x30'
            alert_rule_test:
              - {eval_time: 60m, alertname: SlipwayErrorBudgetBurn, exp_alerts: []}
              - {eval_time: 61m, alertname: SlipwayErrorBudgetBurn, exp_alerts: []}
              - eval_time: 63m
                alertname: SlipwayErrorBudgetBurn
                exp_alerts:
                  - exp_labels: %3$s
                    exp_annotations: %5$s
                  - exp_labels: %4$s
                    exp_annotations: %6$s
          # A slow burn: 0.5 %% of requests fail (5 times the budget) for six hours: a ticket,
          # never a page (the ticket opens as soon as its 2h and 1d windows see the burn).
          - interval: 1m
            input_series:
              - series: '%1$s'
                values: '0+995x360'
              - series: '%2$s'
                values: '0+5x360'
            alert_rule_test:
              - eval_time: 3h
                alertname: SlipwayErrorBudgetBurn
                exp_alerts:
                  - exp_labels: %4$s
                    exp_annotations: %6$s
              - eval_time: 6h
                alertname: SlipwayErrorBudgetBurn
                exp_alerts:
                  - exp_labels: %4$s
                    exp_annotations: %6$s
        """
            .formatted(
                series.formatted("200"),
                series.formatted("500"),
                flow(page),
                flow(ticket),
                flow(alertAnnotations(rules, "page")),
                flow(alertAnnotations(rules, "ticket")));
    Files.writeString(dir.resolve("shop.test.yml"), tests);

    Run test = promtool("test", "rules", "shop.test.yml");
    assertThat(test.exit()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  /** The labels an alert of that severity carries, read from the generated rule. */
  @SuppressWarnings("unchecked")
  static Map<String, String> alertLabels(String rules, String severity) {
    Map<String, Object> alert = alertRule(rules, severity);
    Map<String, String> labels = new java.util.TreeMap<>((Map<String, String>) alert.get("labels"));
    labels.put("alertname", (String) alert.get("alert"));
    // The SLO's own labels come with the recorded series the alert's expression reads.
    labels.put("sloth_id", "shop-availability");
    labels.put("sloth_service", "shop");
    labels.put("sloth_slo", "availability");
    labels.put("slipway_environment", ENVIRONMENT.toString());
    return labels;
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> alertAnnotations(String rules, String severity) {
    Map<String, String> expanded = new java.util.TreeMap<>();
    ((Map<String, String>) alertRule(rules, severity).get("annotations"))
        .forEach(
            (k, v) ->
                expanded.put(
                    k,
                    v.replace("{{$labels.sloth_service}}", "shop")
                        .replace("{{$labels.sloth_slo}}", "availability")));
    return expanded;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> alertRule(String rules, String severity) {
    Map<String, Object> file =
        new tools.jackson.dataformat.yaml.YAMLMapper().readValue(rules, Map.class);
    for (Object group : (List<Object>) file.get("groups")) {
      for (Object rule : (List<Object>) ((Map<String, Object>) group).get("rules")) {
        Map<String, Object> r = (Map<String, Object>) rule;
        if (r.get("alert") != null
            && severity.equals(((Map<String, Object>) r.get("labels")).get("sloth_severity"))) {
          return r;
        }
      }
    }
    throw new AssertionError("no " + severity + " alert in\n" + rules);
  }

  /** A YAML flow mapping with every value quoted. */
  static String flow(Map<String, String> map) {
    return map.entrySet().stream()
        .map(e -> e.getKey() + ": '" + e.getValue().replace("'", "''") + "'")
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
