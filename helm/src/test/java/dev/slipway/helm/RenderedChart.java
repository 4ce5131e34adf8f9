package dev.slipway.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.Yaml;

/**
 * The objects `helm template` renders from the chart, parsed, with a few ways to look into them.
 */
record RenderedChart(List<Map<String, Object>> objects) {

  static final Path CHART = Path.of(System.getProperty("slipway.chart", "slipway"));
  static final String RELEASE = "slipway";
  static final String NAMESPACE = "slipway-system";

  /** The one value the chart's defaults need: two replicas must share a generator key. */
  static final String GENERATOR_KEY_SECRET = "slipway-generator-key";

  static final Path FULL_VALUES = Path.of("src/test/resources/values/full.yaml");

  /** Chart defaults plus the generator key's Secret, which two replicas need. */
  static RenderedChart withDefaults() {
    return render(t -> t.set("generatorKey.existingSecret", GENERATOR_KEY_SECRET));
  }

  /** Every optional feature on (src/test/resources/values/full.yaml). */
  static RenderedChart withFullValues() {
    return render(t -> t.withValuesFile(FULL_VALUES));
  }

  /**
   * Renders the chart as release {@value #RELEASE} in namespace {@value #NAMESPACE}.
   *
   * @throws IllegalStateException with Helm's message when the chart refuses the values
   */
  static RenderedChart render(UnaryOperator<TemplateCommand> options) {
    String manifests = template(options);
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object document : new Yaml().loadAll(manifests)) {
      if (document != null) {
        objects.add(map(document));
      }
    }
    return new RenderedChart(List.copyOf(objects));
  }

  /**
   * Renders the chart with its hooks among the objects. helm-java's {@code template} leaves hooks
   * out (and its dry run prints no objects), so this renders a copy of the chart whose templates
   * have their {@code helm.sh/hook*} annotations taken out; {@link #hookAnnotations} reads those.
   */
  static RenderedChart withHooks(UnaryOperator<TemplateCommand> options) {
    try {
      Path copy = java.nio.file.Files.createTempDirectory("slipway-chart");
      try (var files = java.nio.file.Files.walk(CHART)) {
        for (Path source : files.toList()) {
          Path target = copy.resolve(CHART.relativize(source).toString());
          if (java.nio.file.Files.isDirectory(source)) {
            java.nio.file.Files.createDirectories(target);
          } else if (source.getParent().endsWith("templates")) {
            java.nio.file.Files.write(
                target,
                java.nio.file.Files.readAllLines(source).stream()
                    .filter(line -> !line.strip().startsWith("helm.sh/hook"))
                    .toList());
          } else {
            java.nio.file.Files.copy(source, target);
          }
        }
      }
      String manifests =
          options
              .apply(new Helm(copy).template().withName(RELEASE).withNamespace(NAMESPACE))
              .call();
      List<Map<String, Object>> objects = new ArrayList<>();
      for (Object document : new Yaml().loadAll(manifests)) {
        if (document != null) {
          objects.add(map(document));
        }
      }
      return new RenderedChart(List.copyOf(objects));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The {@code helm.sh/hook*} annotations a template declares, as written. */
  static List<String> hookAnnotations(String template) {
    try {
      return java.nio.file.Files.readAllLines(CHART.resolve("templates").resolve(template)).stream()
          .map(String::strip)
          .filter(line -> line.startsWith("helm.sh/hook"))
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String template(UnaryOperator<TemplateCommand> options) {
    return options
        .apply(new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE))
        .call();
  }

  Set<String> kinds() {
    Set<String> kinds = new LinkedHashSet<>();
    objects.forEach(o -> kinds.add(String.valueOf(o.get("kind"))));
    return kinds;
  }

  List<Map<String, Object>> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  /** The only object of the kind; fails when there is none or more than one. */
  Map<String, Object> one(String kind) {
    List<Map<String, Object>> found = ofKind(kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + ", found " + found.size());
    }
    return found.getFirst();
  }

  Map<String, Object> container() {
    return map(at(one("Deployment"), "spec", "template", "spec", "containers", 0));
  }

  /** The portal container's environment, by variable name. */
  Map<String, Map<String, Object>> env() {
    return envOf(container());
  }

  /** The migration Job's container, when there is a Job. */
  Map<String, Object> migrationsContainer() {
    return map(at(one("Job"), "spec", "template", "spec", "containers", 0));
  }

  /** A container's environment, by variable name. */
  static Map<String, Map<String, Object>> envOf(Map<String, Object> container) {
    Map<String, Map<String, Object>> env = new java.util.LinkedHashMap<>();
    for (Object variable : list(container.get("env"))) {
      Map<String, Object> v = map(variable);
      env.put(String.valueOf(v.get("name")), v);
    }
    return env;
  }

  /** The application.yaml of the ConfigMap, parsed. */
  Map<String, Object> applicationConfig() {
    return map(new Yaml().load(String.valueOf(at(one("ConfigMap"), "data", "application.yaml"))));
  }

  /**
   * The node at the path: map keys (strings) and list indexes (integers); null when any step is
   * missing.
   */
  static Object at(Object node, Object... path) {
    Object current = node;
    for (Object step : path) {
      if (current instanceof Map<?, ?> m && step instanceof String key) {
        current = m.get(key);
      } else if (current instanceof List<?> l && step instanceof Integer index) {
        current = index < l.size() ? l.get(index) : null;
      } else {
        return null;
      }
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node) {
    return (Map<String, Object>) Objects.requireNonNull(node, "expected a map, found nothing");
  }

  static List<Object> list(Object node) {
    return node == null ? List.of() : List.copyOf((List<?>) node);
  }
}
