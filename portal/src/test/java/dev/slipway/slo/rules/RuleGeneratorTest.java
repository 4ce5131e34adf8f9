package dev.slipway.slo.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.slo.rules.RuleDocument.PrometheusRule;
import dev.slipway.slo.rules.RuleDocument.RuleFile;
import dev.slipway.slo.rules.RuleGenerator.Options;
import dev.slipway.slo.rules.RuleGroup.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;

class RuleGeneratorTest {

  static final Alerting ALERTS =
      new Alerting(
          "SvcAvailability",
          Map.of("team", "a"),
          Map.of("runbook", "https://runbooks.example.com/svc"),
          new Alerting.Alert(false, Map.of("severity", "critical"), Map.of()),
          new Alerting.Alert(false, Map.of("severity", "warning"), Map.of("summary", "mine")));

  static Slo slo(double objective, Alerting alerting) {
    return new Slo(
        "svc",
        "availability",
        "",
        objective,
        null,
        new Sli.Events(
            "sum(rate(errors_total[{{.window}}]))", "sum(rate(requests_total[{{ .window }}]))"),
        Map.of("tier", "1"),
        alerting);
  }

  static List<RuleGroup> groups(Slo slo, Options options) {
    List<RuleDocument> documents =
        RuleGenerator.generate(List.of(SloSpec.sloth(List.of(slo))), options);
    assertThat(documents).singleElement().isInstanceOf(RuleFile.class);
    return documents.getFirst().groups();
  }

  static RuleGroup group(List<RuleGroup> groups, String prefix) {
    return groups.stream().filter(g -> g.name().startsWith(prefix)).findFirst().orElseThrow();
  }

  // --- numbers and durations as Go and Prometheus print them

  @Test
  void theErrorBudgetIsTheFloat64ThatSlothPrints() {
    assertThat(PromFormat.goFloat((100 - 99.9) / 100)).isEqualTo("0.0009999999999999432");
    assertThat(PromFormat.goFloat((100 - 99.99) / 100)).isEqualTo("0.00010000000000005117");
    assertThat(PromFormat.goFloat((100 - 95.0) / 100)).isEqualTo("0.05");
    assertThat(PromFormat.goFloat(99.9 / 100)).isEqualTo("0.9990000000000001");
  }

  @Test
  void goFloatsUseAnExponentBelowOneTenThousandthAndFromAMillionUp() {
    assertThat(PromFormat.goFloat(0.0001)).isEqualTo("0.0001");
    assertThat(PromFormat.goFloat(0.00001)).isEqualTo("1e-05");
    assertThat(PromFormat.goFloat((100 - 99.999) / 100)).isEqualTo("1.0000000000047748e-05");
    assertThat(PromFormat.goFloat(123456)).isEqualTo("123456");
    assertThat(PromFormat.goFloat(1234567)).isEqualTo("1.234567e+06");
    assertThat(PromFormat.goFloat(1.5e300)).isEqualTo("1.5e+300");
    assertThat(PromFormat.goFloat(30)).isEqualTo("30");
    assertThat(PromFormat.goFloat(-2.5)).isEqualTo("-2.5");
    assertThat(PromFormat.goFloat(0)).isEqualTo("0");
    // Java would write 1.0E-5, 1234567.0 and 30.0.
    assertThat(Double.toString(0.00001)).isNotEqualTo(PromFormat.goFloat(0.00001));
  }

  @Test
  void theObjectiveLabelNeverUsesAnExponent() {
    assertThat(PromFormat.goPlainFloat(99.9)).isEqualTo("99.9");
    assertThat(PromFormat.goPlainFloat(95)).isEqualTo("95");
    assertThat(PromFormat.goPlainFloat(100)).isEqualTo("100");
    assertThat(PromFormat.goPlainFloat(0.00001)).isEqualTo("0.00001");
  }

  @Test
  void durationsAreWrittenAsPrometheusWritesThem() {
    assertThat(PromFormat.duration(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(PromFormat.duration(Duration.ofDays(28))).isEqualTo("4w");
    assertThat(PromFormat.duration(Duration.ofDays(7))).isEqualTo("1w");
    assertThat(PromFormat.duration(Duration.ofDays(365))).isEqualTo("1y");
    assertThat(PromFormat.duration(Duration.ofHours(24))).isEqualTo("1d");
    assertThat(PromFormat.duration(Duration.ofHours(36))).isEqualTo("1d12h");
    assertThat(PromFormat.duration(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(PromFormat.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(PromFormat.parseDuration("4w")).isEqualTo(Duration.ofDays(28));
    assertThatThrownBy(() -> PromFormat.parseDuration("5 minutes"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- the rules

  @Test
  void aThirtyDayPeriodRecordsTheSevenAlertWindowsThenThePeriod() {
    RuleGroup sli = group(groups(slo(99.9, ALERTS), Options.defaults()), "sloth-slo-sli-");

    assertThat(sli.name()).isEqualTo("sloth-slo-sli-recordings-svc-availability");
    assertThat(sli.rules())
        .extracting(Rule::record)
        .containsExactly(
            "slo:sli_error:ratio_rate5m",
            "slo:sli_error:ratio_rate30m",
            "slo:sli_error:ratio_rate1h",
            "slo:sli_error:ratio_rate2h",
            "slo:sli_error:ratio_rate6h",
            "slo:sli_error:ratio_rate1d",
            "slo:sli_error:ratio_rate3d",
            "slo:sli_error:ratio_rate30d");
    assertThat(sli.rules().get(1).expr())
        .isEqualTo("(sum(rate(errors_total[30m])))\n/\n(sum(rate(requests_total[30m])))\n");
    assertThat(sli.rules().getLast().expr())
        .isEqualTo(
            """
            sum_over_time(slo:sli_error:ratio_rate5m{sloth_id="svc-availability", \
            sloth_service="svc", sloth_slo="availability"}[30d])
            / ignoring (sloth_window)
            count_over_time(slo:sli_error:ratio_rate5m{sloth_id="svc-availability", \
            sloth_service="svc", sloth_slo="availability"}[30d])
            """);
    assertThat(sli.rules().getFirst().labels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "sloth_id", "svc-availability",
                "sloth_service", "svc",
                "sloth_slo", "availability",
                "sloth_window", "5m",
                "tier", "1"));
  }

  @Test
  void thePageAndTicketAlertsOfA999ObjectiveBurnAtSlothsRates() {
    List<Rule> alerts =
        group(groups(slo(99.9, ALERTS), Options.defaults()), "sloth-slo-alerts-").rules();

    String filter =
        "{sloth_id=\"svc-availability\", sloth_service=\"svc\", sloth_slo=\"availability\"}";
    assertThat(alerts)
        .extracting(Rule::alert)
        .containsExactly("SvcAvailability", "SvcAvailability");
    assertThat(alerts.get(0).expr())
        .isEqualTo(
            "(\n"
                + "    max(slo:sli_error:ratio_rate5m"
                + filter
                + " > (14.4 * 0.0009999999999999432)) without (sloth_window)\n"
                + "    and\n"
                + "    max(slo:sli_error:ratio_rate1h"
                + filter
                + " > (14.4 * 0.0009999999999999432)) without (sloth_window)\n"
                + ")\n"
                + "or\n"
                + "(\n"
                + "    max(slo:sli_error:ratio_rate30m"
                + filter
                + " > (6 * 0.0009999999999999432)) without (sloth_window)\n"
                + "    and\n"
                + "    max(slo:sli_error:ratio_rate6h"
                + filter
                + " > (6 * 0.0009999999999999432)) without (sloth_window)\n"
                + ")\n");
    assertThat(alerts.get(1).expr())
        .contains("ratio_rate2h" + filter + " > (3 * 0.0009999999999999432)")
        .contains("ratio_rate1d" + filter + " > (3 * 0.0009999999999999432)")
        .contains("ratio_rate6h" + filter + " > (1 * 0.0009999999999999432)")
        .contains("ratio_rate3d" + filter + " > (1 * 0.0009999999999999432)");
    assertThat(alerts.get(0).labels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("sloth_severity", "page", "team", "a", "severity", "critical"));
    assertThat(alerts.get(1).labels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("sloth_severity", "ticket", "team", "a", "severity", "warning"));
    assertThat(alerts.get(0).annotations())
        .containsEntry(
            "title",
            "(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.")
        .containsEntry("runbook", "https://runbooks.example.com/svc");
    assertThat(alerts.get(1).annotations()).containsEntry("summary", "mine");
  }

  @Test
  void theMetadataRecordsTheObjectiveBudgetPeriodAndInfo() {
    Map<String, Rule> meta =
        group(
                groups(slo(99.9, ALERTS), Options.defaults().withVersion("v0.12.0")),
                "sloth-slo-meta-")
            .rules()
            .stream()
            .collect(java.util.stream.Collectors.toMap(Rule::record, r -> r));

    assertThat(meta.get("slo:objective:ratio").expr()).isEqualTo("vector(0.9990000000000001)");
    assertThat(meta.get("slo:error_budget:ratio").expr()).isEqualTo("vector(1-0.9990000000000001)");
    assertThat(meta.get("slo:time_period:days").expr()).isEqualTo("vector(30)");
    assertThat(meta.get("slo:current_burn_rate:ratio").expr())
        .startsWith("slo:sli_error:ratio_rate5m{");
    assertThat(meta.get("slo:period_burn_rate:ratio").expr())
        .startsWith("slo:sli_error:ratio_rate30d{");
    assertThat(meta.get("sloth_slo_info").labels())
        .containsEntry("sloth_version", "v0.12.0")
        .containsEntry("sloth_mode", "cli-gen-prom")
        .containsEntry("sloth_spec", "prometheus/v1")
        .containsEntry("sloth_objective", "99.9");
  }

  @Test
  void extraLabelsGoOnRecordingRulesOnlyAndWinOverTheSlosOwn() {
    List<RuleGroup> groups =
        groups(
            slo(99.9, ALERTS),
            Options.defaults().withExtraLabels(Map.of("env", "prod", "tier", "0")));

    List<Rule> recordings =
        groups.stream()
            .filter(g -> !g.name().startsWith("sloth-slo-alerts-"))
            .flatMap(g -> g.rules().stream())
            .toList();
    assertThat(recordings)
        .hasSize(15)
        .allSatisfy(
            r -> assertThat(r.labels()).containsEntry("env", "prod").containsEntry("tier", "0"));
    assertThat(group(groups, "sloth-slo-alerts-").rules())
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.labels()).doesNotContainKeys("env", "tier"));
  }

  @Test
  void disabledAlertsOrRecordingsLeaveTheirGroupsOut() {
    assertThat(groups(slo(99.9, ALERTS), Options.defaults().withAlertsDisabled(true)))
        .extracting(RuleGroup::name)
        .containsExactly(
            "sloth-slo-sli-recordings-svc-availability",
            "sloth-slo-meta-recordings-svc-availability");
    assertThat(groups(slo(99.9, ALERTS), Options.defaults().withRecordingsDisabled(true)))
        .extracting(RuleGroup::name)
        .containsExactly("sloth-slo-alerts-svc-availability");

    Alerting ticketOnly =
        new Alerting(
            "SvcAvailability", Map.of(), Map.of(), Alerting.Alert.DISABLED, Alerting.Alert.ENABLED);
    assertThat(
            group(groups(slo(99.9, ticketOnly), Options.defaults()), "sloth-slo-alerts-").rules())
        .singleElement()
        .satisfies(r -> assertThat(r.labels()).containsEntry("sloth_severity", "ticket"));
    assertThat(groups(slo(99.9, Alerting.disabled()), Options.defaults()))
        .extracting(RuleGroup::name)
        .noneMatch(n -> n.startsWith("sloth-slo-alerts-"));
  }

  @Test
  void nothingToGenerateIsAnError() {
    Options nothing = Options.defaults().withRecordingsDisabled(true);
    assertThatThrownBy(
            () ->
                RuleGenerator.generate(
                    List.of(SloSpec.sloth(List.of(slo(99.9, Alerting.disabled())))), nothing))
        .isInstanceOf(SloSpecException.class)
        .hasMessageContaining("no rules");
  }

  @Test
  void twentyEightDaysScaleTheFactorsToTheShorterPeriod() {
    List<RuleGroup> groups =
        groups(slo(99.9, ALERTS), Options.defaults().withDefaultPeriod(Duration.ofDays(28)));

    assertThat(group(groups, "sloth-slo-sli-").rules().getLast().record())
        .isEqualTo("slo:sli_error:ratio_rate4w");
    String page = group(groups, "sloth-slo-alerts-").rules().getFirst().expr();
    assertThat(page).contains("(13.44 * ").contains("(5.6000000000000005 * ");
  }

  @Test
  void customWindowsGiveTheirOwnWindowsAndFactors() {
    // Sloth's examples/windows/custom-30d.yaml.
    AlertWindows custom =
        SloSpecReader.readAlertWindows(
                "custom-30d.yaml",
                """
                apiVersion: sloth.slok.dev/v1
                kind: AlertWindows
                spec:
                  sloPeriod: 30d
                  page:
                    quick: {errorBudgetPercent: 1, shortWindow: 2m, longWindow: 30m}
                    slow: {errorBudgetPercent: 2, shortWindow: 15m, longWindow: 3h}
                  ticket:
                    quick: {errorBudgetPercent: 5, shortWindow: 1h, longWindow: 12h}
                    slow: {errorBudgetPercent: 5, shortWindow: 3h, longWindow: 36h}
                """)
            .getFirst();

    // factor = budget % × period / long window: 1% × 720h / 0.5h, 2% × 720h / 3h, ...
    assertThat(custom.burnFactor(custom.pageQuick())).isEqualTo(14.4);
    assertThat(custom.burnFactor(custom.pageSlow())).isEqualTo(4.8);
    assertThat(custom.burnFactor(custom.ticketQuick())).isEqualTo(3);
    assertThat(custom.burnFactor(custom.ticketSlow())).isEqualTo(1);

    List<RuleGroup> groups =
        groups(slo(99.9, ALERTS), Options.defaults().withAlertWindows(List.of(custom)));
    assertThat(group(groups, "sloth-slo-sli-").rules())
        .extracting(r -> r.labels().get("sloth_window"))
        .containsExactly("2m", "15m", "30m", "1h", "3h", "12h", "1d12h", "30d");
    assertThat(group(groups, "sloth-slo-sli-").rules().getLast().expr())
        .startsWith("sum_over_time(slo:sli_error:ratio_rate2m{");
    assertThat(group(groups, "sloth-slo-meta-").rules().get(3).expr())
        .startsWith("slo:sli_error:ratio_rate2m{");
    assertThat(group(groups, "sloth-slo-alerts-").rules().getFirst().expr())
        .contains("ratio_rate2m{")
        .contains("(14.4 * ")
        .contains("ratio_rate3h{")
        .contains("(4.8 * ");
  }

  @Test
  void aPeriodWithoutAlertWindowsIsRefused() {
    assertThatThrownBy(
            () ->
                groups(slo(99.9, ALERTS), Options.defaults().withDefaultPeriod(Duration.ofDays(7))))
        .isInstanceOf(SloSpecException.class)
        .hasMessageContaining("no alert windows for the SLO period of 1w");
  }

  @Test
  void aKubernetesSpecBecomesAPrometheusRule() {
    SloSpec spec =
        new SloSpec(
            SloSpec.Kind.SLOTH_KUBERNETES,
            new SloSpec.KubernetesObject(
                "svc-slos", "team-a", Map.of("prometheus", "main"), Map.of()),
            List.of(slo(99.9, ALERTS)));

    RuleDocument document = RuleGenerator.generate(List.of(spec), Options.defaults()).getFirst();

    assertThat(document).isInstanceOf(PrometheusRule.class);
    PrometheusRule rule = (PrometheusRule) document;
    assertThat(rule.labels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "app.kubernetes.io/component", "SLO",
                "app.kubernetes.io/managed-by", "sloth",
                "prometheus", "main"));
    assertThat(rule.toMap())
        .containsEntry("apiVersion", "monitoring.coreos.com/v1")
        .containsEntry("kind", "PrometheusRule");
    assertThat(rule.groups()).hasSize(3);
  }

  @Test
  void theYamlReadsBackAsTheSameStrings() {
    List<String> values =
        List.of(
            "true",
            "null",
            "2",
            "1e3",
            "~",
            "yes",
            "Y",
            "off",
            "0x1F",
            "0o17",
            "+1",
            "1:30",
            ".inf",
            ".NaN",
            "#x",
            "- x",
            "x: y",
            " padded ",
            "5m",
            "it's \"quoted\"");
    Map<String, String> tricky = new java.util.HashMap<>();
    for (int i = 0; i < values.size(); i++) {
      tricky.put("l" + i, values.get(i));
    }
    Slo slo =
        new Slo(
            "svc",
            "availability",
            "",
            99.9,
            null,
            new Sli.Raw("rate(x[{{.window}}])"),
            tricky,
            Alerting.disabled());
    List<RuleDocument> documents =
        RuleGenerator.generate(List.of(SloSpec.sloth(List.of(slo))), Options.defaults());

    String yaml = RuleGenerator.toYaml(documents);

    Map<?, ?> parsed = YAMLMapper.shared().readValue(yaml, Map.class);
    assertThat(parsed).isEqualTo(documents.getFirst().toMap());
    assertThat(yaml).contains("sloth_window: 5m\n"); // no quotes where none are needed
  }

  // --- golden file

  static final Path GOLDEN = Path.of("src/test/resources/slo/golden/checkout.rules.yaml");

  /**
   * A small spec against a committed rendering. To accept a deliberate change, run once with {@code
   * -Dslo.golden.update=true} and review the diff.
   */
  @Test
  void theGoldenSpecRendersAsCommitted() throws IOException {
    List<SloSpec> specs =
        new SloSpecReader().read("checkout.slo.yaml", resource("slo/golden/checkout.slo.yaml"));
    String yaml = RuleGenerator.toYaml(RuleGenerator.generate(specs, Options.defaults()));

    if (Boolean.getBoolean("slo.golden.update")) {
      Files.writeString(GOLDEN, yaml);
    }
    assertThat(GOLDEN).as("golden file (tests run in the portal folder)").exists();
    assertThat(yaml).isEqualTo(Files.readString(GOLDEN));
  }

  static String resource(String name) throws IOException {
    try (InputStream in = RuleGeneratorTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
