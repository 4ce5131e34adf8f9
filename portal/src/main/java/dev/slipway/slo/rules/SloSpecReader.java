package dev.slipway.slo.rules;

import dev.slipway.shared.Pure;
import dev.slipway.slo.rules.SloSpec.Kind;
import dev.slipway.slo.rules.SloSpec.KubernetesObject;
import dev.slipway.slo.rules.SloSpecException.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads SLO specs from YAML and validates them as Sloth does. Understood documents:
 *
 * <ul>
 *   <li>Sloth {@code version: prometheus/v1} specs;
 *   <li>Sloth Kubernetes {@code apiVersion: sloth.slok.dev/v1, kind: PrometheusServiceLevel};
 *   <li>OpenSLO {@code apiVersion: openslo/v1alpha, kind: SLO} with {@code ratioMetrics} objectives
 *       (each objective becomes an SLO {@code <name>-<index>}, without alerts);
 *   <li>and, through {@link #readAlertWindows}, Sloth {@code kind: AlertWindows}.
 * </ul>
 *
 * An input may hold several documents separated by {@code ---}. Every problem found is reported at
 * once in a {@link SloSpecException}, each naming its field. The rules are Sloth's: service and SLO
 * names start and end with a letter or digit; the objective is above 0 and at most 100; an SLI is
 * either events or raw, its queries use the {@code {{.window}}} placeholder; an alert name is
 * required unless both alerts are disabled; label names are not {@code __name__} and values are not
 * empty; an OpenSLO time window is in days and equals the reader's period; and an SLO id is defined
 * once in all that is read together. Queries are only checked for balanced brackets, where Sloth
 * runs Prometheus' parser. Fields this reader does not know are ignored, as Sloth ignores them; SLI
 * and SLO plugins are refused, since only Sloth can run them.
 */
@Pure
public final class SloSpecReader {

  // A key given twice is refused naming it, not read as its last value.
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** Sloth's rule for service and SLO names. A single character does not match it. */
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]$");

  private static final Pattern WINDOW_PLACEHOLDER = Pattern.compile("\\{\\{ *\\.window *}}");

  private static final Pattern YAML_11_BOOLEAN =
      Pattern.compile("(?i)y|yes|on|true|n|no|off|false");
  private static final Pattern TRUE = Pattern.compile("(?i)y|yes|on|true");

  private static final String SLOTH_K8S_API = "sloth.slok.dev/v1";
  private static final String OPENSLO_API = "openslo/v1alpha";

  private final Duration period;
  private final boolean ignoreDuplicateIds;

  /** A reader for a 30-day SLO period that refuses an SLO id defined twice. */
  public SloSpecReader() {
    this(Duration.ofDays(30), false);
  }

  /**
   * @param period the SLO period the rules will be generated for; an OpenSLO time window must match
   *     it
   * @param ignoreDuplicateIds accept the same SLO id in several documents or sources (Sloth's
   *     {@code --ignore-slo-duplicates})
   */
  public SloSpecReader(Duration period, boolean ignoreDuplicateIds) {
    this.period = Objects.requireNonNull(period, "period");
    this.ignoreDuplicateIds = ignoreDuplicateIds;
  }

  /**
   * Reads the specs of one input.
   *
   * @param source the input's name, used in problems (e.g. a file name)
   * @return one spec per document, in order
   * @throws SloSpecException if any document is invalid
   */
  public List<SloSpec> read(String source, String yaml) {
    return readAll(Map.of(source, yaml));
  }

  /**
   * Reads the specs of several inputs, refusing (unless told otherwise) an SLO id defined in more
   * than one place.
   *
   * @param yamlBySource the inputs by name, read in the map's iteration order
   * @return one spec per document, in order
   * @throws SloSpecException if any document is invalid
   */
  public List<SloSpec> readAll(Map<String, String> yamlBySource) {
    List<Problem> problems = new ArrayList<>();
    List<SloSpec> specs = new ArrayList<>();
    Map<String, String> firstDefinition = new LinkedHashMap<>();
    yamlBySource.forEach(
        (source, yaml) -> {
          List<@Nullable Object> documents = parse(source, yaml, problems);
          for (int i = 0; i < documents.size(); i++) {
            if (documents.get(i) == null) {
              continue;
            }
            Document doc = new Document(source, i + 1, problems);
            SloSpec spec = readSpec(doc, documents.get(i));
            if (spec != null) {
              specs.add(spec);
              if (!ignoreDuplicateIds) {
                checkDuplicates(doc, spec, firstDefinition);
              }
            }
          }
        });
    if (!problems.isEmpty()) {
      throw new SloSpecException(problems);
    }
    return List.copyOf(specs);
  }

  /**
   * Reads custom alert windows ({@code apiVersion: sloth.slok.dev/v1, kind: AlertWindows}), one per
   * document, for {@link RuleGenerator.Options#withAlertWindows}.
   *
   * @throws SloSpecException if any document is invalid or two are for the same period
   */
  public static List<AlertWindows> readAlertWindows(String source, String yaml) {
    List<Problem> problems = new ArrayList<>();
    List<@Nullable Object> documents = parse(source, yaml, problems);
    List<AlertWindows> result = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      if (documents.get(i) == null) {
        continue;
      }
      Document doc = new Document(source, i + 1, problems);
      AlertWindows windows = readAlertWindows(doc, documents.get(i));
      if (windows != null) {
        if (result.stream().anyMatch(w -> w.period().equals(windows.period()))) {
          doc.problem(
              "spec.sloPeriod",
              "windows for the "
                  + PromFormat.duration(windows.period())
                  + " period are defined twice");
        }
        result.add(windows);
      }
    }
    if (!problems.isEmpty()) {
      throw new SloSpecException(problems);
    }
    return List.copyOf(result);
  }

  private static List<@Nullable Object> parse(String source, String yaml, List<Problem> problems) {
    List<@Nullable Object> documents = new ArrayList<>();
    try (MappingIterator<Object> values = YAML.readerFor(Object.class).readValues(yaml)) {
      while (values.hasNextValue()) {
        documents.add(values.nextValue()); // null for an empty document, kept for the numbering
      }
    } catch (JacksonException e) {
      var duplicate = dev.slipway.shared.DuplicateKeys.field(e);
      problems.add(
          duplicate.isPresent()
              // Documents are numbered from 1, as the other problems number them.
              ? new Problem(
                  source, documents.size() + 1, duplicate.get(), "is given more than once")
              : new Problem(source, 0, "", "not valid YAML: " + e.getOriginalMessage()));
      return List.of();
    }
    if (documents.stream().allMatch(Objects::isNull)) {
      problems.add(new Problem(source, 0, "", "no spec found"));
    }
    return documents;
  }

  private void checkDuplicates(Document doc, SloSpec spec, Map<String, String> firstDefinition) {
    List<Slo> slos = spec.slos();
    for (int i = 0; i < slos.size(); i++) {
      String id = slos.get(i).id();
      String here = doc.source + " (document " + doc.number + ")";
      String first = firstDefinition.putIfAbsent(id, here);
      if (first != null) {
        String path =
            switch (spec.kind()) {
              case SLOTH_PROMETHEUS -> "slos[" + i + "].name";
              case SLOTH_KUBERNETES -> "spec.slos[" + i + "].name";
              case OPENSLO -> "metadata.name";
            };
        doc.problem(path, "the SLO id " + id + " is already defined in " + first);
      }
    }
  }

  private @Nullable SloSpec readSpec(Document doc, Object value) {
    Map<String, Object> root = doc.map(value, "");
    if (root == null) {
      return null;
    }
    if (root.containsKey("version")) {
      String version = doc.string(root, "version", "version");
      if (!version.equals(Kind.SLOTH_PROMETHEUS.spec())) {
        doc.problem(
            "version",
            "unsupported spec version \""
                + version
                + "\": expected "
                + Kind.SLOTH_PROMETHEUS.spec());
        return null;
      }
      return doc.checked(slothSpec(doc, root, "", Style.SNAKE, Kind.SLOTH_PROMETHEUS, null));
    }
    String apiVersion = doc.string(root, "apiVersion", "apiVersion");
    String kind = doc.string(root, "kind", "kind");
    if (apiVersion.equals(SLOTH_K8S_API) && kind.equals("PrometheusServiceLevel")) {
      KubernetesObject object = kubernetesObject(doc, root);
      Map<String, Object> spec = doc.map(root.get("spec"), "spec");
      return doc.checked(
          slothSpec(
              doc,
              spec == null ? Map.of() : spec,
              "spec.",
              Style.CAMEL,
              Kind.SLOTH_KUBERNETES,
              object));
    }
    if (apiVersion.equals(OPENSLO_API) && kind.equals("SLO")) {
      return doc.checked(openSloSpec(doc, root));
    }
    if (apiVersion.equals(SLOTH_K8S_API) && kind.equals("AlertWindows")) {
      doc.problem("kind", "alert windows are not an SLO spec: give them to the generator instead");
      return null;
    }
    doc.problem(
        root.containsKey("apiVersion") ? "kind" : "",
        "unknown spec type (apiVersion \""
            + apiVersion
            + "\", kind \""
            + kind
            + "\"): expected version: prometheus/v1, "
            + SLOTH_K8S_API
            + " PrometheusServiceLevel or "
            + OPENSLO_API
            + " SLO");
    return null;
  }

  /** Field names that differ between the plain Sloth spec (snake case) and its CRD (camel case). */
  private enum Style {
    SNAKE("error_query", "total_query", "error_ratio_query", "page_alert", "ticket_alert"),
    CAMEL("errorQuery", "totalQuery", "errorRatioQuery", "pageAlert", "ticketAlert");

    final String errorQuery;
    final String totalQuery;
    final String errorRatioQuery;
    final String pageAlert;
    final String ticketAlert;

    Style(
        String errorQuery,
        String totalQuery,
        String errorRatioQuery,
        String pageAlert,
        String ticketAlert) {
      this.errorQuery = errorQuery;
      this.totalQuery = totalQuery;
      this.errorRatioQuery = errorRatioQuery;
      this.pageAlert = pageAlert;
      this.ticketAlert = ticketAlert;
    }
  }

  private SloSpec slothSpec(
      Document doc,
      Map<String, Object> spec,
      String prefix,
      Style style,
      Kind kind,
      @Nullable KubernetesObject object) {
    String service = doc.string(spec, "service", prefix + "service");
    checkName(doc, service, prefix + "service");
    Map<String, String> serviceLabels = doc.labels(spec.get("labels"), prefix + "labels");
    for (String plugins : List.of("slo_plugins", "sloPlugins")) {
      if (spec.get(plugins) != null) {
        doc.problem(prefix + plugins, "SLO plugins are not supported");
      }
    }
    List<Object> items = doc.list(spec.get("slos"), prefix + "slos");
    if (items.isEmpty()) {
      doc.problem(prefix + "slos", "at least one SLO is required");
    }
    List<Slo> slos = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String path = prefix + "slos[" + i + "]";
      Map<String, Object> slo = doc.map(items.get(i), path);
      if (slo != null) {
        slos.add(slothSlo(doc, service, serviceLabels, slo, path, style));
      }
    }
    return new SloSpec(kind, object, slos);
  }

  private Slo slothSlo(
      Document doc,
      String service,
      Map<String, String> serviceLabels,
      Map<String, Object> slo,
      String path,
      Style style) {
    String name = doc.string(slo, "name", path + ".name");
    checkName(doc, name, path + ".name");
    double objective = objective(doc, slo.get("objective"), path + ".objective");
    String description = doc.string(slo, "description", path + ".description");
    Map<String, String> labels = new LinkedHashMap<>(serviceLabels);
    labels.putAll(doc.labels(slo.get("labels"), path + ".labels"));
    if (slo.get("plugins") != null) {
      doc.problem(path + ".plugins", "SLO plugins are not supported");
    }
    Sli sli = slothSli(doc, slo.get("sli"), path + ".sli", style);
    Alerting alerting = alerting(doc, slo.get("alerting"), path + ".alerting", style);
    return new Slo(service, name, description, objective, null, sli, labels, alerting);
  }

  private static double objective(Document doc, @Nullable Object value, String path) {
    if (value == null) {
      doc.problem(path, "is required (a percentage above 0 and at most 100, e.g. 99.9)");
      return 0;
    }
    if (!(value instanceof Number number)) {
      doc.problem(path, "must be a number, not \"" + value + "\"");
      return 0;
    }
    double objective = number.doubleValue();
    if (!(objective > 0 && objective <= 100)) {
      doc.problem(path, "must be above 0 and at most 100, not " + value);
    }
    return objective;
  }

  private static Sli slothSli(Document doc, @Nullable Object value, String path, Style style) {
    Map<String, Object> sli = doc.map(value, path);
    Map<String, Object> fields = sli == null ? Map.of() : sli;
    Object events = fields.get("events");
    Object raw = fields.get("raw");
    if (fields.get("plugin") != null) {
      doc.problem(path + ".plugin", "SLI plugins are not supported: use events or raw");
    }
    if (events != null && raw != null) {
      doc.problem(path, "only one SLI type is allowed: events or raw");
    }
    if (events != null) {
      Map<String, Object> e = doc.map(events, path + ".events");
      Map<String, Object> queries = e == null ? Map.of() : e;
      String errorPath = path + ".events." + style.errorQuery;
      String totalPath = path + ".events." + style.totalQuery;
      String error = doc.string(queries, style.errorQuery, errorPath);
      String total = doc.string(queries, style.totalQuery, totalPath);
      checkQuery(doc, error, errorPath);
      checkQuery(doc, total, totalPath);
      if (!error.isEmpty() && error.equals(total)) {
        doc.problem(path + ".events", "the error and total queries must differ");
      }
      return new Sli.Events(error, total);
    }
    if (raw != null) {
      Map<String, Object> r = doc.map(raw, path + ".raw");
      String queryPath = path + ".raw." + style.errorRatioQuery;
      String query = doc.string(r == null ? Map.of() : r, style.errorRatioQuery, queryPath);
      checkQuery(doc, query, queryPath);
      return new Sli.Raw(query);
    }
    if (fields.get("plugin") == null) {
      doc.problem(path, "an SLI is required: events (error and total queries) or raw");
    }
    return new Sli.Raw("");
  }

  private static Alerting alerting(Document doc, @Nullable Object value, String path, Style style) {
    Map<String, Object> a = doc.map(value, path);
    Map<String, Object> alerting = a == null ? Map.of() : a;
    String name = doc.string(alerting, "name", path + ".name");
    Alerting.Alert page = alert(doc, alerting.get(style.pageAlert), path + "." + style.pageAlert);
    Alerting.Alert ticket =
        alert(doc, alerting.get(style.ticketAlert), path + "." + style.ticketAlert);
    if (name.isEmpty() && !(page.disabled() && ticket.disabled())) {
      doc.problem(path + ".name", "is required unless the page and ticket alerts are disabled");
    }
    return new Alerting(
        name,
        doc.labels(alerting.get("labels"), path + ".labels"),
        doc.annotations(alerting.get("annotations"), path + ".annotations"),
        page,
        ticket);
  }

  private static Alerting.Alert alert(Document doc, @Nullable Object value, String path) {
    Map<String, Object> a = doc.map(value, path);
    Map<String, Object> alert = a == null ? Map.of() : a;
    return new Alerting.Alert(
        doc.bool(alert, "disable", path + ".disable"),
        doc.labels(alert.get("labels"), path + ".labels"),
        doc.annotations(alert.get("annotations"), path + ".annotations"));
  }

  private static KubernetesObject kubernetesObject(Document doc, Map<String, Object> root) {
    Map<String, Object> m = doc.map(root.get("metadata"), "metadata");
    Map<String, Object> metadata = m == null ? Map.of() : m;
    String name = doc.string(metadata, "name", "metadata.name");
    if (name.isEmpty()) {
      doc.problem("metadata.name", "is required");
    }
    String namespace = doc.string(metadata, "namespace", "metadata.namespace");
    return new KubernetesObject(
        name,
        namespace.isEmpty() ? null : namespace,
        doc.labels(metadata.get("labels"), "metadata.labels"),
        doc.annotations(metadata.get("annotations"), "metadata.annotations"));
  }

  private SloSpec openSloSpec(Document doc, Map<String, Object> root) {
    Map<String, Object> m = doc.map(root.get("metadata"), "metadata");
    String name = doc.string(m == null ? Map.of() : m, "name", "metadata.name");
    checkName(doc, name, "metadata.name");
    Map<String, Object> s = doc.map(root.get("spec"), "spec");
    Map<String, Object> spec = s == null ? Map.of() : s;
    String service = doc.string(spec, "service", "spec.service");
    checkName(doc, service, "spec.service");
    String description = doc.string(spec, "description", "spec.description");
    Duration sloPeriod = openSloPeriod(doc, spec.get("timeWindows"));

    List<Object> objectives = doc.list(spec.get("objectives"), "spec.objectives");
    if (objectives.isEmpty()) {
      doc.problem("spec.objectives", "at least one objective is required");
    }
    List<Slo> slos = new ArrayList<>();
    for (int i = 0; i < objectives.size(); i++) {
      String path = "spec.objectives[" + i + "]";
      Map<String, Object> objective = doc.map(objectives.get(i), path);
      if (objective == null) {
        continue;
      }
      Map<String, Object> ratio = doc.map(objective.get("ratioMetrics"), path + ".ratioMetrics");
      if (ratio == null) {
        doc.problem(path + ".ratioMetrics", "is required: only ratio objectives are supported");
        ratio = Map.of();
      }
      String good = openSloQuery(doc, ratio.get("good"), path + ".ratioMetrics.good");
      String total = openSloQuery(doc, ratio.get("total"), path + ".ratioMetrics.total");
      double target = target(doc, objective.get("target"), path + ".target");
      slos.add(
          new Slo(
              service,
              name + "-" + i,
              description,
              target * 100, // OpenSLO targets are ratios, Sloth's objectives percents.
              sloPeriod,
              new Sli.Raw(openSloErrorRatio(good, total)),
              Map.of(),
              Alerting.disabled()));
    }
    return new SloSpec(Kind.OPENSLO, null, slos);
  }

  /** The error ratio of a good/total objective, laid out as Sloth lays it out. */
  private static String openSloErrorRatio(String good, String total) {
    return "\n  1 - (\n    (\n      "
        + good
        + "\n    )\n    /\n    (\n      "
        + total
        + "\n    )\n  )\n";
  }

  private @Nullable Duration openSloPeriod(Document doc, @Nullable Object value) {
    List<Object> windows = doc.list(value, "spec.timeWindows");
    if (windows.isEmpty()) {
      return null;
    }
    if (windows.size() > 1) {
      doc.problem("spec.timeWindows", "only one time window is supported");
    }
    Map<String, Object> w = doc.map(windows.get(0), "spec.timeWindows[0]");
    Map<String, Object> window = w == null ? Map.of() : w;
    String unit = doc.string(window, "unit", "spec.timeWindows[0].unit");
    if (!unit.equalsIgnoreCase("day")) {
      doc.problem("spec.timeWindows[0].unit", "only Day is supported, not \"" + unit + "\"");
      return null;
    }
    Object count = window.get("count");
    if (!(count instanceof Integer || count instanceof Long) || ((Number) count).longValue() <= 0) {
      doc.problem("spec.timeWindows[0].count", "must be a positive whole number of days");
      return null;
    }
    Duration days = Duration.ofDays(((Number) count).longValue());
    if (!days.equals(period)) {
      doc.problem(
          "spec.timeWindows[0].count",
          "a time window of "
              + count
              + " days does not match the SLO period, "
              + PromFormat.duration(period));
    }
    return days;
  }

  private static String openSloQuery(Document doc, @Nullable Object value, String path) {
    Map<String, Object> m = doc.map(value, path);
    if (m == null) {
      doc.problem(path, "is required");
      return "";
    }
    String source = doc.string(m, "source", path + ".source");
    if (!source.equals("prometheus") && !source.equals("sloth")) {
      doc.problem(path + ".source", "must be prometheus or sloth, not \"" + source + "\"");
    }
    String queryType = doc.string(m, "queryType", path + ".queryType");
    if (!queryType.equals("promql")) {
      doc.problem(path + ".queryType", "must be promql, not \"" + queryType + "\"");
    }
    String query = doc.string(m, "query", path + ".query");
    checkQuery(doc, query, path + ".query");
    return query;
  }

  private static double target(Document doc, @Nullable Object value, String path) {
    if (!(value instanceof Number number)) {
      doc.problem(path, value == null ? "is required" : "must be a number");
      return 0;
    }
    double target = number.doubleValue();
    if (!(target > 0 && target <= 1)) {
      doc.problem(path, "must be above 0 and at most 1, not " + value);
    }
    return target;
  }

  private static @Nullable AlertWindows readAlertWindows(Document doc, Object value) {
    Map<String, Object> root = doc.map(value, "");
    if (root == null) {
      return null;
    }
    String apiVersion = doc.string(root, "apiVersion", "apiVersion");
    String kind = doc.string(root, "kind", "kind");
    if (!apiVersion.equals(SLOTH_K8S_API) || !kind.equals("AlertWindows")) {
      doc.problem(
          "kind", "expected apiVersion " + SLOTH_K8S_API + ", kind AlertWindows; found " + kind);
      return null;
    }
    Map<String, Object> s = doc.map(root.get("spec"), "spec");
    Map<String, Object> spec = s == null ? Map.of() : s;
    Duration sloPeriod = doc.duration(spec, "sloPeriod", "spec.sloPeriod");
    AlertWindows.Window[] windows = new AlertWindows.Window[4];
    String[][] names = {
      {"page", "quick"}, {"page", "slow"}, {"ticket", "quick"}, {"ticket", "slow"}
    };
    for (int i = 0; i < names.length; i++) {
      String severityPath = "spec." + names[i][0];
      Map<String, Object> severity = doc.map(spec.get(names[i][0]), severityPath);
      String path = severityPath + "." + names[i][1];
      Map<String, Object> w = doc.map(severity == null ? null : severity.get(names[i][1]), path);
      windows[i] = window(doc, w == null ? Map.of() : w, path);
    }
    if (sloPeriod == null || Arrays.asList(windows).contains(null)) {
      return null;
    }
    return new AlertWindows(sloPeriod, windows[0], windows[1], windows[2], windows[3]);
  }

  private static AlertWindows.@Nullable Window window(
      Document doc, Map<String, Object> window, String path) {
    Object percent = window.get("errorBudgetPercent");
    boolean valid = true;
    if (!(percent instanceof Number number)
        || !(number.doubleValue() > 0 && number.doubleValue() <= 100)) {
      doc.problem(path + ".errorBudgetPercent", "must be a number above 0 and at most 100");
      valid = false;
    }
    Duration shortWindow = doc.duration(window, "shortWindow", path + ".shortWindow");
    Duration longWindow = doc.duration(window, "longWindow", path + ".longWindow");
    if (!valid || shortWindow == null || longWindow == null) {
      return null;
    }
    return new AlertWindows.Window(((Number) percent).doubleValue(), shortWindow, longWindow);
  }

  private static void checkName(Document doc, String name, String path) {
    if (name.isEmpty()) {
      doc.problem(path, "is required");
    } else if (!NAME.matcher(name).matches()) {
      doc.problem(
          path,
          "\""
              + name
              + "\" must start and end with a letter or digit and contain only letters, digits,"
              + " '.', '_' and '-'");
    }
  }

  private static void checkQuery(Document doc, String query, String path) {
    if (query.isEmpty()) {
      doc.problem(path, "is required");
      return;
    }
    if (!WINDOW_PLACEHOLDER.matcher(query).find()) {
      doc.problem(path, "must use the {{.window}} placeholder for the time window");
      return;
    }
    String rendered = WINDOW_PLACEHOLDER.matcher(query).replaceAll("1m");
    if (rendered.contains("{{")) {
      doc.problem(path, "only the {{.window}} placeholder may be used");
      return;
    }
    String unbalanced = Brackets.check(rendered);
    if (unbalanced != null) {
      doc.problem(path, "is not a valid query: " + unbalanced);
    }
  }

  /** Reads the fields of one YAML document, recording a problem for each wrong one. */
  private static final class Document {

    final String source;
    final int number;
    private final List<Problem> problems;
    private final int problemsBefore;

    Document(String source, int number, List<Problem> problems) {
      this.source = source;
      this.number = number;
      this.problems = problems;
      this.problemsBefore = problems.size();
    }

    void problem(String path, String message) {
      problems.add(new Problem(source, number, path, message));
    }

    /** The spec, or null when this document had problems. */
    @Nullable SloSpec checked(SloSpec spec) {
      return problems.size() == problemsBefore ? spec : null;
    }

    @SuppressWarnings("unchecked")
    @Nullable Map<String, Object> map(@Nullable Object value, String path) {
      if (value == null) {
        return null;
      }
      if (value instanceof Map<?, ?> map) {
        return (Map<String, Object>) map;
      }
      problem(path, "must be a mapping");
      return null;
    }

    List<Object> list(@Nullable Object value, String path) {
      if (value == null) {
        return List.of();
      }
      if (value instanceof List<?> list) {
        return List.copyOf(list.stream().map(v -> v == null ? Map.of() : v).toList());
      }
      problem(path, "must be a list");
      return List.of();
    }

    /** A string field; "" when absent. */
    String string(Map<String, Object> map, String key, String path) {
      Object value = map.get(key);
      if (value == null) {
        return "";
      }
      if (value instanceof String s) {
        return s;
      }
      problem(path, "must be a string, not " + value);
      return "";
    }

    boolean bool(Map<String, Object> map, String key, String path) {
      Object value = map.get(key);
      if (value == null) {
        return false;
      }
      if (value instanceof Boolean b) {
        return b;
      }
      // Sloth reads YAML 1.1, where these words are booleans too.
      if (value instanceof String s && YAML_11_BOOLEAN.matcher(s).matches()) {
        return TRUE.matcher(s).matches();
      }
      problem(path, "must be true or false, not " + value);
      return false;
    }

    @Nullable Duration duration(Map<String, Object> map, String key, String path) {
      String text = string(map, key, path);
      if (text.isEmpty()) {
        problem(path, "is required");
        return null;
      }
      try {
        Duration duration = PromFormat.parseDuration(text);
        if (duration.isZero()) {
          problem(path, "must be longer than 0");
          return null;
        }
        return duration;
      } catch (IllegalArgumentException | ArithmeticException e) {
        problem(path, e.getMessage());
        return null;
      }
    }

    /** Prometheus labels: non-empty names other than __name__, non-empty string values. */
    Map<String, String> labels(@Nullable Object value, String path) {
      return stringMap(value, path, true);
    }

    /** Prometheus annotations: non-empty names and values. */
    Map<String, String> annotations(@Nullable Object value, String path) {
      return stringMap(value, path, false);
    }

    private Map<String, String> stringMap(@Nullable Object value, String path, boolean labels) {
      Map<String, Object> map = map(value, path);
      if (map == null) {
        return Map.of();
      }
      Map<String, String> result = new LinkedHashMap<>();
      map.forEach(
          (key, v) -> {
            String keyPath = path + "." + key;
            if (key.isEmpty()) {
              problem(path, "an empty name is not allowed");
            } else if (labels && key.equals("__name__")) {
              problem(keyPath, "the label __name__ is not allowed");
            }
            if (!(v instanceof String s)) {
              problem(keyPath, "must be a string" + (v == null ? "" : ", not " + v));
            } else if (s.isEmpty()) {
              problem(keyPath, "must not be empty");
            } else {
              result.put(key, s);
            }
          });
      return result;
    }
  }
}
