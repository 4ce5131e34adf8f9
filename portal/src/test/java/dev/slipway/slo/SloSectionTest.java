package dev.slipway.slo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** A template's slo section, as the import checks it and as every render reads it. */
class SloSectionTest {

  static final YAMLMapper YAML = new YAMLMapper();

  /** A whole-value parameter reference, as the catalog recognises one. */
  static final Predicate<JsonNode> REFERENCE =
      v -> v.isString() && v.asString().matches("\\$\\{\\{?[A-Z_]+}}?");

  static JsonNode yaml(String text) {
    return YAML.readTree(text);
  }

  static JsonNode section(String objective) {
    return yaml("objectives:\n  - " + objective.replace("\n", "\n    "));
  }

  static List<String> problems(JsonNode section) {
    return SloSection.check(section, REFERENCE).stream()
        .map(p -> p.pointer() + " " + p.message())
        .toList();
  }

  @Test
  void readsTheCuratedTemplatesFormat() {
    SloSection.Read read =
        SloSection.read(
            yaml(
                """
                objectives:
                  - name: availability
                    indicator: availability
                    objective: 99.9
                    window: 30d
                  - name: latency-p50
                    indicator: latency
                    threshold: 300ms
                    objective: 50
                  - name: log-processing
                    indicator: log-processing
                    threshold: 5m
                    objective: 99
                    window: 28d
                """));
    assertThat(read.problems()).isEmpty();
    assertThat(read.objectives())
        .containsExactly(
            new Objective("availability", Indicator.AVAILABILITY, 99.9, SloWindow.DAYS_30, null),
            new Objective(
                "latency-p50", Indicator.LATENCY, 50, SloWindow.DAYS_30, Threshold.parse("300ms")),
            new Objective(
                "log-processing",
                Indicator.LOG_PROCESSING,
                99,
                SloWindow.DAYS_28,
                Threshold.parse("5m")));
  }

  @Test
  void noSectionIsNoObjectivesAndNoProblem() {
    assertThat(SloSection.check(MissingNode.getInstance(), REFERENCE)).isEmpty();
    assertThat(SloSection.read(MissingNode.getInstance()).objectives()).isEmpty();
    assertThat(SloSection.check(yaml("null"), REFERENCE)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          a list                  | [] | '' slo must be a mapping with objectives
          no objectives           | objectives: [] | /objectives slo needs at least one objective
          objectives not a list   | objectives: x | /objectives slo needs at least one objective
          an unknown field        | {objectives: [{name: a, indicator: availability, objective: 99}], target: 1} | /target unknown field target in slo
          an objective not a map  | objectives: [x] | /objectives/0 an objective must be a mapping
          """)
  void refusesASectionOfTheWrongShape(String title, String yaml, String problem) {
    assertThat(problems(yaml(yaml))).containsExactly(problem.replace("''", ""));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          target above 100      | {name: a, indicator: availability, objective: 100.5} | /objectives/0/objective 100.5 is not between 0 and 100: the target is a percent strictly between 0 and 100
          target of 100         | {name: a, indicator: availability, objective: 100} | /objectives/0/objective 100 is not between 0 and 100: the target is a percent strictly between 0 and 100
          target of 0           | {name: a, indicator: availability, objective: 0} | /objectives/0/objective 0 is not between 0 and 100: the target is a percent strictly between 0 and 100
          no target             | {name: a, indicator: availability} | /objectives/0/objective the objective is a number of percent
          unknown indicator     | {name: a, indicator: uptime, objective: 99} | /objectives/0/indicator 'uptime' is not one of availability, latency, log-processing
          window of a week      | {name: a, indicator: availability, objective: 99, window: 7d} | /objectives/0/window must be 30d or 28d, not '7d'
          window in weeks       | {name: a, indicator: availability, objective: 99, window: 4w} | /objectives/0/window must be 30d or 28d, not '4w'
          window as a number    | {name: a, indicator: availability, objective: 99, window: 30} | /objectives/0/window must be 30d or 28d, not '30'
          window null           | {name: a, indicator: availability, objective: 99, window: null} | /objectives/0/window must be 30d or 28d, not 'null'
          latency, no threshold | {name: a, indicator: latency, objective: 99} | /objectives/0/threshold latency needs a threshold such as 300ms or 5m
          logs, no threshold    | {name: a, indicator: log-processing, objective: 99} | /objectives/0/threshold log-processing needs a threshold such as 300ms or 5m
          availability with one | {name: a, indicator: availability, objective: 99, threshold: 1s} | /objectives/0/threshold only latency and log-processing take a threshold
          threshold as words    | {name: a, indicator: latency, objective: 99, threshold: fast} | /objectives/0/threshold 'fast' is not a duration such as 300ms, 1s or 5m
          threshold of 90m      | {name: a, indicator: latency, objective: 99, threshold: 90m} | /objectives/0/threshold 90m is more than 60m
          name with capitals    | {name: Availability, indicator: availability, objective: 99} | /objectives/0/name 'Availability' is not a DNS-1123 label
          no name               | {indicator: availability, objective: 99} | /objectives/0/name '' is not a DNS-1123 label
          an unknown field      | {name: a, indicator: availability, objective: 99, sli: x} | /objectives/0/sli unknown field sli in an objective
          a field with a slash  | {name: a, indicator: availability, objective: 99, a/b: x} | /objectives/0/a~1b unknown field a/b in an objective
          """)
  void refusesAnObjectiveNamingTheFieldAndWhy(String title, String objective, String problem) {
    JsonNode section = yaml("objectives: [" + objective + "]");
    assertThat(problems(section)).containsExactly(problem);
    // A render reads the section with the same rules.
    assertThat(SloSection.read(section).problems())
        .extracting(p -> p.pointer() + " " + p.message())
        .containsExactly(problem);
    assertThat(SloSection.read(section).objectives()).isEmpty();
  }

  @Test
  void aTemplateWritesItsTargetAsANumber() {
    assertThat(problems(section("{name: a, indicator: availability, objective: high}")))
        .containsExactly("/objectives/0/objective the objective is a number of percent");
    assertThat(problems(section("{name: a, indicator: availability, objective: '99.9'}")))
        .containsExactly("/objectives/0/objective the objective is a number of percent");
  }

  @Test
  void refusesTheSameNameTwice() {
    assertThat(
            problems(
                yaml(
                    """
                    objectives:
                      - {name: a, indicator: availability, objective: 99}
                      - {name: a, indicator: availability, objective: 98}
                    """)))
        .containsExactly("/objectives/1/name duplicate objective name a");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThat(
            problems(
                yaml(
                    "objectives: [{name: A, indicator: latency, objective: 101, window: 1d},"
                        + " {name: b, indicator: availability, objective: 99}]")))
        .hasSize(4);
  }

  @Test
  void leavesAParameterReferenceForTheRender() {
    JsonNode written =
        yaml(
            """
            objectives:
              - name: p99
                indicator: latency
                objective: ${{TARGET}}
                window: ${WINDOW}
                threshold: ${LATENCY_BOUND}
            """);
    assertThat(problems(written)).isEmpty();
    // A render has no references left: what is left as written is wrong.
    assertThat(SloSection.read(written).problems()).hasSize(3);
  }

  @Test
  void aRenderReadsANumberAParameterGaveAsText() {
    SloSection.Read read =
        SloSection.read(
            section("{name: p99, indicator: latency, objective: '99.5', threshold: '2s'}"));
    assertThat(read.objectives())
        .containsExactly(
            new Objective(
                "p99", Indicator.LATENCY, 99.5, SloWindow.DAYS_30, Threshold.parse("2s")));
    assertThat(
            SloSection.read(section("{name: p99, indicator: availability, objective: 'high'}"))
                .problems())
        .extracting(p -> p.field() + ": " + p.message())
        .containsExactly("objectives[0].objective: 'high' is not a number");
  }

  @Test
  void aProblemNamesItsFieldAsPeopleReadIt() {
    assertThat(new SloSection.Problem("/objectives/2/threshold", "x").field())
        .isEqualTo("objectives[2].threshold");
    assertThat(new SloSection.Problem("", "x").field()).isEmpty();
  }
}
