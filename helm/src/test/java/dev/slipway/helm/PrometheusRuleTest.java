package dev.slipway.helm;

import static dev.slipway.helm.RenderedChart.at;
import static dev.slipway.helm.RenderedChart.list;
import static dev.slipway.helm.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The portal's own SLO rules, as the chart ships them, checked by promtool. */
class PrometheusRuleTest {

  static final Path SLO_RULES = RenderedChart.CHART.resolve("files/slo-rules.yaml");

  @TempDir Path temp;

  @Test
  void shipsTheGroupsOfTheGeneratedRuleFile() throws IOException {
    Map<String, Object> file = map(new Yaml().load(Files.readString(SLO_RULES)));

    assertThat(at(RenderedChart.withDefaults().one("PrometheusRule"), "spec", "groups"))
        .isEqualTo(file.get("groups"));
  }

  @Test
  void recordsTheSliFromThePortalsOwnMetrics() {
    List<Object> groups = renderedGroups();

    assertThat(groups)
        .flatExtracting(g -> list(map(g).get("rules")))
        .extracting(r -> String.valueOf(map(r).get("expr")))
        .anyMatch(expr -> expr.contains("application=\"slipway\""));
  }

  @Test
  void renderedRulesPassPromtool() throws Exception {
    Path rules = temp.resolve("slo-rules.yaml");
    Files.writeString(rules, new Yaml().dump(Map.of("groups", renderedGroups())));

    Result result = promtool("check", "rules", rules.toString());

    assertThat(result.exitCode()).as("promtool check rules: %s", result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void promtoolRefusesABrokenRule() throws Exception {
    Path rules = temp.resolve("broken.yaml");
    Files.writeString(
        rules,
        """
        groups:
          - name: broken
            rules:
              - record: slo:sli_error:ratio_rate5m
                expr: sum(rate(http_server_requests_seconds_count[5m]
        """);

    Result result = promtool("check", "rules", rules.toString());

    assertThat(result.exitCode()).as(result.output()).isNotZero();
  }

  private static List<Object> renderedGroups() {
    return list(at(RenderedChart.withDefaults().one("PrometheusRule"), "spec", "groups"));
  }

  record Result(int exitCode, String output) {}

  /** Runs promtool; fails (does not skip) where it is missing, saying how to install it. */
  static Result promtool(String... arguments) throws IOException, InterruptedException {
    Path promtool =
        Stream.concat(
                Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                    .filter(dir -> !dir.isBlank())
                    .map(dir -> Path.of(dir, "promtool")),
                Stream.of(Path.of("/usr/bin/promtool")))
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
    if (promtool == null) {
      fail(
          "promtool is not installed, and the chart's PrometheusRule must pass `promtool check"
              + " rules`: install Debian's prometheus package (apt-get install -y"
              + " --no-install-recommends prometheus), which provides promtool and starts no"
              + " service.");
    }
    List<String> command =
        Stream.concat(Stream.of(promtool.toString()), Stream.of(arguments)).toList();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("promtool did not finish within 60 s: " + output);
    }
    return new Result(process.exitValue(), output);
  }
}
