package dev.slipway.slo.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.slo.rules.SloSpecException.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SloSpecReaderTest {

  static final String SLO =
      """
      version: prometheus/v1
      service: svc
      labels: {team: a}
      slos:
        - name: availability
          objective: 99.9
          labels: {tier: "1"}
          sli:
            events:
              error_query: sum(rate(errors_total[{{.window}}]))
              total_query: sum(rate(requests_total[{{.window}}]))
          alerting:
            name: SvcAvailability
            page_alert: {labels: {severity: critical}}
            ticket_alert: {disable: true}
      """;

  static List<Problem> problems(String yaml) {
    SloSpecException refused =
        catchThrowableOfType(
            SloSpecException.class, () -> new SloSpecReader().read("spec.yaml", yaml));
    assertThat(refused).as("the spec is refused").isNotNull();
    return refused.problems();
  }

  static Map<String, String> byPath(List<Problem> problems) {
    return problems.stream()
        .collect(java.util.stream.Collectors.toMap(Problem::path, Problem::message, (a, b) -> a));
  }

  @Test
  void aSlothSpecBecomesSlosWithMergedLabelsAndAlerts() {
    Slo slo = new SloSpecReader().read("spec.yaml", SLO).getFirst().slos().getFirst();

    assertThat(slo.id()).isEqualTo("svc-availability");
    assertThat(slo.objective()).isEqualTo(99.9);
    assertThat(slo.period()).isNull();
    assertThat(slo.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "a", "tier", "1"));
    assertThat(slo.sli()).isInstanceOf(Sli.Events.class);
    assertThat(slo.alerting().name()).isEqualTo("SvcAvailability");
    assertThat(slo.alerting().page().labels()).containsEntry("severity", "critical");
    assertThat(slo.alerting().ticket().disabled()).isTrue();
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsField() {
    List<Problem> problems =
        problems(
            """
            version: prometheus/v1
            service: svc
            labels: {tier: 2}
            slos:
              - name: a
                objective: "99.9"
                sli:
                  plugin: {id: sloth-common/availability}
                alerting: {}
              - name: latency
                objective: 0
                sli:
                  events:
                    error_query: sum(rate(errors_total[5m]))
                    total_query: sum(rate(requests_total[{{.window}}])
                alerting:
                  page_alert: {disable: true}
                  ticket_alert: {disable: true}
            """);

    assertThat(byPath(problems))
        .containsOnlyKeys(
            "labels.tier",
            "slos[0].name",
            "slos[0].objective",
            "slos[0].sli.plugin",
            "slos[0].alerting.name",
            "slos[1].objective",
            "slos[1].sli.events.error_query",
            "slos[1].sli.events.total_query");
    assertThat(byPath(problems).get("slos[1].sli.events.error_query")).contains("{{.window}}");
    assertThat(byPath(problems).get("slos[1].sli.events.total_query")).contains("not closed");
    assertThat(problems).allSatisfy(p -> assertThat(p.document()).isEqualTo(1));
  }

  @Test
  void anSliNeedsExactlyOneTypeAndDifferentQueries() {
    String both =
        SLO.replace(
            "    alerting:", "      raw: {error_ratio_query: \"x[{{.window}}]\"}\n    alerting:");
    assertThat(both).isNotEqualTo(SLO);
    assertThat(byPath(problems(both))).containsOnlyKeys("slos[0].sli");

    String same = SLO.replace("sum(rate(errors_total", "sum(rate(requests_total");
    assertThat(same).isNotEqualTo(SLO);
    assertThat(byPath(problems(same))).containsOnlyKeys("slos[0].sli.events");
  }

  @Test
  void noAlertNameIsNeededWhenBothAlertsAreDisabled() {
    String noAlerts =
        SLO.replace("name: SvcAvailability", "labels: {}")
            .replace("page_alert: {labels: {severity: critical}}", "page_alert: {disable: true}");

    assertThat(new SloSpecReader().read("spec.yaml", noAlerts)).hasSize(1);
    assertThat(byPath(problems(SLO.replace("name: SvcAvailability", "labels: {}"))))
        .containsOnlyKeys("slos[0].alerting.name");
  }

  @Test
  void yaml11BooleansAreBooleansAsForSloth() {
    String yes = SLO.replace("ticket_alert: {disable: true}", "ticket_alert: {disable: yes}");
    String no = SLO.replace("ticket_alert: {disable: true}", "ticket_alert: {disable: Off}");

    assertThat(new SloSpecReader().read("spec.yaml", yes).getFirst().slos().getFirst())
        .satisfies(slo -> assertThat(slo.alerting().ticket().disabled()).isTrue());
    assertThat(new SloSpecReader().read("spec.yaml", no).getFirst().slos().getFirst())
        .satisfies(slo -> assertThat(slo.alerting().ticket().disabled()).isFalse());
    assertThat(byPath(problems(SLO.replace("{disable: true}", "{disable: maybe}"))))
        .containsOnlyKeys("slos[0].alerting.ticket_alert.disable");
  }

  @Test
  void unknownFieldsAreIgnoredAsSlothIgnoresThem() {
    String camelCase = SLO.replace("page_alert:", "pageAlert:");

    Slo slo = new SloSpecReader().read("spec.yaml", camelCase).getFirst().slos().getFirst();

    assertThat(slo.alerting().page()).isEqualTo(Alerting.Alert.ENABLED);
  }

  @Test
  void anOpenSloObjectiveBecomesAnSloPerObjective() {
    String openSlo =
        """
        apiVersion: openslo/v1alpha
        kind: SLO
        metadata: {name: requests}
        spec:
          service: svc
          objectives:
            - ratioMetrics:
                good: {source: prometheus, queryType: promql, query: "sum(rate(ok[{{.window}}]))"}
                total: {source: prometheus, queryType: promql, query: "sum(rate(all[{{.window}}]))"}
              target: 0.99
            - ratioMetrics:
                good: {source: prometheus, queryType: promql, query: "sum(rate(fast[{{.window}}]))"}
                total: {source: prometheus, queryType: promql, query: "sum(rate(all[{{.window}}]))"}
              target: 0.999
          timeWindows:
            - {count: 28, unit: Day}
        """;

    List<Slo> slos =
        new SloSpecReader(Duration.ofDays(28), false).read("o.yaml", openSlo).getFirst().slos();

    assertThat(slos).extracting(Slo::id).containsExactly("svc-requests-0", "svc-requests-1");
    assertThat(slos).extracting(Slo::objective).containsExactly(99.0, 99.9);
    assertThat(slos.getFirst().period()).isEqualTo(Duration.ofDays(28));
    assertThat(slos.getFirst().alerting().page().disabled()).isTrue();
    assertThat(((Sli.Raw) slos.getFirst().sli()).errorRatioQuery().replaceAll("\\s+", " "))
        .isEqualTo(" 1 - ( ( sum(rate(ok[{{.window}}])) ) / ( sum(rate(all[{{.window}}])) ) ) ");

    assertThat(byPath(problems(openSlo)))
        .containsOnlyKeys("spec.timeWindows[0].count")
        .containsValue("a time window of 28 days does not match the SLO period, 30d");
    assertThat(byPath(problems(openSlo.replace("unit: Day", "unit: Month"))))
        .containsOnlyKeys("spec.timeWindows[0].unit");
  }

  @Test
  void documentsThatAreNoSloSpecAreRefused() {
    assertThat(problems("apiVersion: sloth.slok.dev/v1\nkind: AlertWindows\nspec: {}\n"))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo("kind"));
    assertThat(problems("apiVersion: v1\nkind: ConfigMap\n"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("unknown spec type"));
    assertThat(problems("version: prometheus/v1\nslos: [\n"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEmpty();
              assertThat(p.message()).startsWith("not valid YAML");
            });
  }

  @Test
  void theSecondDocumentIsNamedInItsProblems() {
    List<Problem> problems = problems(SLO + "---\n" + SLO.replace("service: svc", "service: x!"));

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.document()).isEqualTo(2);
              assertThat(p.path()).isEqualTo("service");
              assertThat(p.toString()).startsWith("spec.yaml (document 2): service: ");
            });
  }

  @Test
  void emptyDocumentsAreSkippedButCounted() {
    List<Problem> problems =
        problems(
            "---\n# an empty document\n---\n" + SLO.replace("objective: 99.9", "objective: 101"));

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.document()).isEqualTo(2);
              assertThat(p.path()).isEqualTo("slos[0].objective");
            });
    assertThat(problems("# nothing here\n"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).isEqualTo("no spec found"));
  }

  @Test
  void alertWindowsAreValidatedToo() {
    SloSpecException refused =
        catchThrowableOfType(
            SloSpecException.class,
            () ->
                SloSpecReader.readAlertWindows(
                    "w.yaml",
                    """
                    apiVersion: sloth.slok.dev/v1
                    kind: AlertWindows
                    spec:
                      sloPeriod: 7d
                      page:
                        quick: {errorBudgetPercent: 8, shortWindow: 5m, longWindow: 1h}
                        slow: {errorBudgetPercent: 0, shortWindow: 30m, longWindow: 6h}
                      ticket:
                        quick: {errorBudgetPercent: 20, shortWindow: 2h, longWindow: 1 day}
                        slow: {errorBudgetPercent: 42, shortWindow: 6h, longWindow: 3d}
                    """));

    assertThat(refused.problems())
        .extracting(Problem::path)
        .containsExactlyInAnyOrder(
            "spec.page.slow.errorBudgetPercent", "spec.ticket.quick.longWindow");
  }

  @Test
  void refusesAKeyGivenTwiceNamingIt() {
    assertThat(problems(SLO.replace("service: svc\n", "service: svc\nservice: again\n")))
        .extracting(Problem::path, Problem::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("service", "is given more than once"));
  }
}
