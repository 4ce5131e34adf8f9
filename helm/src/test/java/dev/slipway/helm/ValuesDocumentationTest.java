package dev.slipway.helm;

import static dev.slipway.helm.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Every value in values.yaml is in the README's table and typed in values.schema.json. */
class ValuesDocumentationTest {

  /** Values whose content is free-form (passed through as they are): documented as a whole. */
  static final Set<String> FREE_FORM =
      Set.of(
          "resources",
          "extraConfig",
          "security.pipelines",
          "route.annotations",
          "serviceAccount.annotations",
          "networkPolicy.routerNamespaceSelector",
          "networkPolicy.monitoringNamespaceSelector",
          "serviceMonitor.labels",
          "prometheusRule.labels",
          "podAnnotations",
          "nodeSelector",
          "affinity");

  @Test
  void documentsEveryValueInTheReadme() throws IOException {
    String readme = Files.readString(RenderedChart.CHART.resolve("README.md"));

    assertThat(values())
        .isNotEmpty()
        .allSatisfy(path -> assertThat(readme).as(path).contains("| `" + path + "` |"));
  }

  @Test
  void typesEveryValueInTheSchema() throws IOException {
    Map<String, Object> schema =
        map(new Yaml().load(Files.readString(RenderedChart.CHART.resolve("values.schema.json"))));

    assertThat(values())
        .allSatisfy(
            path -> {
              Object node = schema;
              for (String step : path.split("\\.")) {
                node = RenderedChart.at(node, "properties", step);
              }
              assertThat(node).as("schema of %s", path).isNotNull();
              assertThat(map(node)).as("schema of %s", path).containsKey("description");
            });
  }

  static List<String> values() throws IOException {
    Map<String, Object> values =
        map(new Yaml().load(Files.readString(RenderedChart.CHART.resolve("values.yaml"))));
    List<String> paths = new ArrayList<>();
    collect("", values, paths);
    return paths;
  }

  private static void collect(String prefix, Map<String, Object> node, List<String> paths) {
    node.forEach(
        (key, value) -> {
          String path = prefix.isEmpty() ? key : prefix + "." + key;
          if (value instanceof Map<?, ?> nested && !nested.isEmpty() && !FREE_FORM.contains(path)) {
            collect(path, map(nested), paths);
          } else {
            paths.add(path);
          }
        });
  }
}
