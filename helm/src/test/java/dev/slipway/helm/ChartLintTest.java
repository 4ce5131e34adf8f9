package dev.slipway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartLintTest {

  @Test
  void passesStrictLint() {
    LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();

    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void failsStrictLintWhenTheChartIsBroken(@TempDir Path temp) throws IOException {
    Path copy = copyOfChart(temp);
    Path chartYaml = copy.resolve("Chart.yaml");
    Files.writeString(chartYaml, Files.readString(chartYaml).replaceAll("(?m)^version:.*$", ""));

    LintResult result = new Helm(copy).lint().strict().call();

    assertThat(result.isFailed()).isTrue();
  }

  @Test
  void failsStrictLintWhenATemplateRendersInvalidYaml(@TempDir Path temp) throws IOException {
    Path copy = copyOfChart(temp);
    Path service = copy.resolve("templates/service.yaml");
    Files.writeString(service, Files.readString(service).replace("  ports:", "  ports: ["));

    LintResult result = new Helm(copy).lint().strict().call();

    assertThat(result.isFailed()).isTrue();
    assertThat(result.getMessages()).anyMatch(m -> m.contains("service.yaml"));
  }

  static Path copyOfChart(Path temp) throws IOException {
    Path target = temp.resolve("slipway");
    try (Stream<Path> files = Files.walk(RenderedChart.CHART)) {
      for (Path source : files.toList()) {
        Path destination = target.resolve(RenderedChart.CHART.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(source, destination);
        }
      }
    }
    return target;
  }
}
