package dev.slipway.slo.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.Compat;
import dev.slipway.slo.rules.RuleGenerator.Options;
import dev.slipway.slo.rules.SloSpecException.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Sloth's own input and expected-output pairs (the shared {@code compat/slo/sloth} fixtures, see
 * its CASES.md): every case that needs no Sloth plugin must give the same rules, and Sloth's
 * validation cases must be accepted or refused as Sloth does.
 */
class SlothCompatibilityTest {

  static final Path SLOTH = Compat.file("slo/sloth");
  static final Path INTEGRATION = SLOTH.resolve("integration");
  static final Path TESTDATA = INTEGRATION.resolve("testdata");
  static final Path EXAMPLES = SLOTH.resolve("examples");

  static final YAMLMapper YAML = YAMLMapper.builder().build();

  /** Examples that need a Sloth plugin or are not PromQL (CASES.md, section 3). */
  static final List<String> EXAMPLES_NEEDING_SLOTH =
      List.of("plugin-", "slo-plugin-", "contrib-", "victoria-metrics");

  record Case(String name, Path input, Path expected, Options options) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** CASES.md, table 1: the integration pairs without plugins, with their command line options. */
  static List<Case> integrationCases() {
    Options defaults = Options.defaults();
    return List.of(
        integration("in-base", "out-base", defaults),
        integration("in-base-k8s", "out-base-k8s", defaults),
        integration("in-base", "out-base-no-alerts", defaults.withAlertsDisabled(true)),
        integration("in-base", "out-base-no-recordings", defaults.withRecordingsDisabled(true)),
        integration(
            "in-base",
            "out-base-extra-labels",
            defaults.withExtraLabels(Map.of("exk1", "exv1", "exk2", "exv2"))),
        integration("in-base", "out-base-28d", defaults.withDefaultPeriod(Duration.ofDays(28))),
        integration(
            "in-base",
            "out-base-custom-windows-7d",
            defaults
                .withDefaultPeriod(Duration.ofDays(7))
                .withAlertWindows(windows(INTEGRATION.resolve("windows")))),
        integration("in-multifile", "out-multifile", defaults),
        integration("in-multifile-k8s", "out-multifile-k8s", defaults),
        integration("in-openslo", "out-openslo", defaults));
  }

  static Case integration(String input, String expected, Options options) {
    return new Case(
        "integration " + expected,
        TESTDATA.resolve(input + ".yaml"),
        INTEGRATION.resolve("rendered").resolve(expected + ".yaml"),
        options);
  }

  /** CASES.md, section 3: examples/inputs/X gives examples/_gen/X with cmd=examplesgen.sh. */
  static List<Case> exampleCases() {
    Options options = Options.defaults().withExtraLabels(Map.of("cmd", "examplesgen.sh"));
    try (Stream<Path> files = Files.list(EXAMPLES.resolve("inputs"))) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              f ->
                  EXAMPLES_NEEDING_SLOTH.stream().noneMatch(f.getFileName().toString()::startsWith))
          .sorted()
          .map(
              f ->
                  new Case(
                      "example " + f.getFileName(),
                      f,
                      EXAMPLES.resolve("_gen").resolve(f.getFileName()),
                      options))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Case> generationCases() {
    List<Case> cases = new ArrayList<>(integrationCases());
    cases.addAll(exampleCases());
    // The getting-started example without the extra label (SOURCES.md: derived for promtool).
    cases.add(
        new Case(
            "getting-started without extra labels",
            EXAMPLES.resolve("inputs/getting-started.yml"),
            SLOTH.resolve("promtool/getting-started.no-extra-labels.rules.yml"),
            Options.defaults()));
    return cases;
  }

  @Test
  void theCasesCoverEveryFixtureThatNeedsNoSlothPlugin() {
    assertThat(exampleCases())
        .extracting(c -> c.input().getFileName().toString())
        .containsExactly(
            "getting-started.yml",
            "home-wifi.yml",
            "k8s-getting-started.yml",
            "k8s-home-wifi.yml",
            "k8s-multifile.yml",
            "kubernetes-apiserver.yml",
            "multifile.yml",
            "no-alerts.yml",
            "openslo-getting-started.yml",
            "openslo-kubernetes-apiserver.yml",
            "raw-home-wifi.yml");
    assertThat(generationCases()).hasSize(22).allSatisfy(c -> assertThat(c.expected()).exists());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generationCases")
  void generatesTheRulesSlothGenerates(Case c) {
    List<SloSpec> specs =
        new SloSpecReader(c.options().defaultPeriod(), false)
            .read(c.input().getFileName().toString(), read(c.input()));

    String generated = RuleGenerator.toYaml(RuleGenerator.generate(specs, c.options()));

    List<Object> expected = documents(read(c.expected()));
    List<Object> actual = documents(generated);
    assertThat(expected).as("expected documents in %s", c.expected()).isNotEmpty();
    assertThat(actual.size()).as("number of documents").isEqualTo(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(groupNames(actual.get(i)))
          .as("groups of document %d", i + 1)
          .isEqualTo(groupNames(expected.get(i)));
      Object want = canonical(expected.get(i), "");
      Object got = canonical(actual.get(i), "");
      assertThat(difference(want, got, "document " + (i + 1))).isNull();
      assertThat(got).isEqualTo(want);
    }
  }

  @Test
  void anUnknownSpecVersionIsRefused() {
    SloSpecException refused =
        catchThrowableOfType(
            SloSpecException.class,
            () -> readFiles(false, TESTDATA.resolve("in-invalid-version.yaml")));

    assertThat(refused.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("version");
              assertThat(p.message()).contains("prometheus/v999");
            });
  }

  static Stream<Path> goodFiles() {
    return files(TESTDATA.resolve("validate/good")).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodFiles")
  void aGoodSpecIsAccepted(Path file) {
    assertThat(readFiles(false, file))
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.slos()).isNotEmpty());
  }

  @Test
  void theGoodSpecsTogetherShareIdsSoTheyAreAcceptedOnlyWhenDuplicatesAreIgnored() {
    Path[] good = goodFiles().toArray(Path[]::new);

    assertThat(readFiles(true, good)).hasSizeGreaterThanOrEqualTo(good.length);
    assertThatThrownBy(() -> readFiles(false, good))
        .isInstanceOf(SloSpecException.class)
        .hasMessageContaining("already defined");
  }

  /** CASES.md, section 2: what each bad file changes from its good twin, and where. */
  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of("bad-aa.yaml", 1, "slos[1].objective"),
        Arguments.of("bad-ab.yaml", 1, "slos[1].objective"),
        Arguments.of("bad-ba.yaml", 1, "slos[1].objective"),
        Arguments.of("bad-k8s.yaml", 1, "spec.service"),
        Arguments.of("bad-multi.yaml", 2, "slos[1].sli"),
        Arguments.of("bad-multi-k8s.yaml", 1, "spec.slos[0].alerting.name"),
        Arguments.of("bad-openslo.yaml", 1, "spec.timeWindows[0].count"));
  }

  @Test
  void everyBadFileHasACase() {
    assertThat(files(TESTDATA.resolve("validate/bad")))
        .extracting(f -> f.getFileName().toString())
        .containsExactlyInAnyOrderElementsOf(badFiles().map(a -> (String) a.get()[0]).toList());
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("badFiles")
  void aBadSpecIsRefusedNamingTheField(String file, int document, String path) {
    SloSpecException refused =
        catchThrowableOfType(
            SloSpecException.class,
            () -> readFiles(true, TESTDATA.resolve("validate/bad").resolve(file)));

    assertThat(refused).as("%s is refused", file).isNotNull();
    assertThat(refused.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.source()).isEqualTo(file);
              assertThat(p.document()).isEqualTo(document);
              assertThat(p.path()).isEqualTo(path);
              assertThat(p.message()).isNotBlank();
            });
  }

  static Stream<Arguments> duplicateCases() {
    Path dir = TESTDATA.resolve("validate_with_duplicates");
    return Stream.of(
        Arguments.of("prom", files(dir.resolve("prom")), "slos[0].name"),
        Arguments.of("k8s", files(dir.resolve("k8s")), "spec.slos[0].name"),
        Arguments.of("openslo", files(dir.resolve("openslo")), "metadata.name"),
        Arguments.of(
            "prom multi-document",
            List.of(dir.resolve("bad-prom-multi-duplicates.yaml")),
            "slos[0].name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("duplicateCases")
  void anSloIdDefinedTwiceIsRefusedUnlessDuplicatesAreIgnored(
      String name, List<Path> files, String path) {
    Path[] inputs = files.toArray(Path[]::new);

    SloSpecException refused =
        catchThrowableOfType(SloSpecException.class, () -> readFiles(false, inputs));

    assertThat(refused).as("%s is refused", name).isNotNull();
    assertThat(refused.problems())
        .isNotEmpty()
        .allSatisfy(
            p -> {
              assertThat(p.message()).contains("already defined");
              assertThat(p.path()).isIn(path, path.replace("[0]", "[1]"));
            })
        .extracting(Problem::path)
        .contains(path);
    assertThat(readFiles(true, inputs)).isNotEmpty();
  }

  // --- helpers

  static List<SloSpec> readFiles(boolean ignoreDuplicates, Path... files) {
    Map<String, String> sources = new LinkedHashMap<>();
    for (Path file : files) {
      sources.put(file.getFileName().toString(), read(file));
    }
    return new SloSpecReader(Duration.ofDays(30), ignoreDuplicates).readAll(sources);
  }

  static List<AlertWindows> windows(Path dir) {
    return files(dir).stream()
        .flatMap(f -> SloSpecReader.readAlertWindows(f.getFileName().toString(), read(f)).stream())
        .toList();
  }

  static List<Path> files(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> result = files.filter(Files::isRegularFile).sorted().toList();
      assertThat(result).as("files in %s", dir).isNotEmpty();
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Object> documents(String yaml) {
    List<Object> documents = new ArrayList<>();
    try (MappingIterator<Object> values = YAML.readerFor(Object.class).readValues(yaml)) {
      while (values.hasNextValue()) {
        Object value = values.nextValue();
        if (value != null) {
          documents.add(value);
        }
      }
    }
    return documents;
  }

  /** Group names in order, wherever the document keeps its groups. */
  @SuppressWarnings("unchecked")
  static List<Object> groupNames(Object document) {
    Map<String, Object> map = (Map<String, Object>) document;
    Object groups =
        map.containsKey("spec")
            ? ((Map<String, Object>) map.get("spec")).get("groups")
            : map.get("groups");
    return ((List<Map<String, Object>>) groups).stream().map(g -> g.get("name")).toList();
  }

  /** Where two canonical documents first differ, or null when they are equal. */
  static String difference(Object expected, Object actual, String path) {
    if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
      if (!e.keySet().equals(a.keySet())) {
        return path + ": keys " + a.keySet() + ", expected " + e.keySet();
      }
      for (Object key : e.keySet()) {
        String d = difference(e.get(key), a.get(key), path + "." + key);
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    if (expected instanceof List<?> e && actual instanceof List<?> a) {
      for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
        String d = difference(e.get(i), a.get(i), path + "[" + i + "]");
        if (d != null) {
          return d;
        }
      }
      return e.size() == a.size() ? null : path + ": " + a.size() + " items, expected " + e.size();
    }
    return java.util.Objects.equals(expected, actual)
        ? null
        : path + ":\n  actual   " + actual + "\n  expected " + expected;
  }

  /**
   * The document with what does not matter taken out: map keys sorted (labels and annotations
   * compare as maps), and every {@code expr} with its whitespace collapsed. Lists (groups, rules)
   * keep their order.
   */
  static Object canonical(Object value, String key) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put((String) k, canonical(v, (String) k)));
      return sorted;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(v -> canonical(v, key)).toList();
    }
    if (key.equals("expr") && value instanceof String expr) {
      return expr.replaceAll("\\s+", " ").trim();
    }
    return value;
  }
}
