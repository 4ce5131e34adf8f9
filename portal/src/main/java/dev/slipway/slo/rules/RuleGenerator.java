package dev.slipway.slo.rules;

import dev.slipway.shared.Pure;
import dev.slipway.slo.rules.AlertWindows.Window;
import dev.slipway.slo.rules.RuleGroup.Rule;
import dev.slipway.slo.rules.SloSpec.Kind;
import dev.slipway.slo.rules.SloSpecException.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;
import tools.jackson.dataformat.yaml.util.StringQuotingChecker;

/**
 * Turns SLO specs into Prometheus rules, the same rules Sloth's {@code sloth generate} writes (same
 * groups, rule names, expressions, labels and annotations). For each SLO, in order:
 *
 * <ol>
 *   <li>{@code sloth-slo-sli-recordings-<id>}: the error ratio {@code
 *       slo:sli_error:ratio_rate<window>} over every alert window, and over the whole period
 *       (averaged from the page alert's short window, e.g. 5m);
 *   <li>{@code sloth-slo-meta-recordings-<id>}: objective, error budget, period, burn rates, the
 *       budget left, and {@code sloth_slo_info};
 *   <li>{@code sloth-slo-alerts-<id>}: the page alert and the ticket alert, each firing when both
 *       windows of one of its two window pairs burn the budget too fast.
 * </ol>
 *
 * Pure: the same specs and options always give the same documents.
 */
@Pure
public final class RuleGenerator {

  private RuleGenerator() {}

  static final String SLI_ERROR_METRIC = "slo:sli_error:ratio_rate";
  static final String ID_LABEL = "sloth_id";
  static final String SERVICE_LABEL = "sloth_service";
  static final String SLO_LABEL = "sloth_slo";
  static final String WINDOW_LABEL = "sloth_window";
  static final String SEVERITY_LABEL = "sloth_severity";

  private static final Pattern WINDOW_PLACEHOLDER = Pattern.compile("\\{\\{ *\\.window *}}");

  private static final YAMLMapper YAML =
      YAMLMapper.builder(YAMLFactory.builder().stringQuotingChecker(new Quoting()).build())
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .disable(YAMLWriteFeature.SPLIT_LINES)
          .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
          .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
          .build();

  /**
   * How to generate, as Sloth's command line options.
   *
   * @param defaultPeriod the period of SLOs that do not state one ({@code --default-slo-period})
   * @param disableAlerts generate no alerting rules ({@code --disable-alerts})
   * @param disableRecordings generate no recording rules ({@code --disable-recordings})
   * @param extraLabels added to every recording rule, over the SLO's own ({@code -l k=v})
   * @param alertWindows the windows per SLO period; empty for Sloth's defaults (30 and 28 days).
   *     Custom windows replace the defaults ({@code --slo-period-windows-path})
   * @param version the {@code sloth_version} label of {@code sloth_slo_info}
   */
  public record Options(
      Duration defaultPeriod,
      boolean disableAlerts,
      boolean disableRecordings,
      Map<String, String> extraLabels,
      List<AlertWindows> alertWindows,
      String version) {

    public Options {
      Objects.requireNonNull(defaultPeriod, "defaultPeriod");
      extraLabels = Map.copyOf(extraLabels);
      alertWindows = List.copyOf(alertWindows);
      Objects.requireNonNull(version, "version");
      extraLabels.forEach(
          (name, value) -> {
            if (name.isEmpty() || name.equals("__name__") || value.isEmpty()) {
              throw new IllegalArgumentException(
                  "an extra label needs a name other than __name__ and a value: " + name);
            }
          });
      if (alertWindows.stream().map(AlertWindows::period).distinct().count()
          < alertWindows.size()) {
        throw new IllegalArgumentException("two alert windows are for the same SLO period");
      }
    }

    /** 30-day period, alerts and recordings on, no extra labels, default windows, "dev". */
    public static Options defaults() {
      return new Options(Duration.ofDays(30), false, false, Map.of(), List.of(), "dev");
    }

    public Options withDefaultPeriod(Duration period) {
      return new Options(
          period, disableAlerts, disableRecordings, extraLabels, alertWindows, version);
    }

    public Options withAlertsDisabled(boolean disabled) {
      return new Options(
          defaultPeriod, disabled, disableRecordings, extraLabels, alertWindows, version);
    }

    public Options withRecordingsDisabled(boolean disabled) {
      return new Options(
          defaultPeriod, disableAlerts, disabled, extraLabels, alertWindows, version);
    }

    public Options withExtraLabels(Map<String, String> labels) {
      return new Options(
          defaultPeriod, disableAlerts, disableRecordings, labels, alertWindows, version);
    }

    public Options withAlertWindows(List<AlertWindows> windows) {
      return new Options(
          defaultPeriod, disableAlerts, disableRecordings, extraLabels, windows, version);
    }

    public Options withVersion(String version) {
      return new Options(
          defaultPeriod, disableAlerts, disableRecordings, extraLabels, alertWindows, version);
    }

    List<AlertWindows> windowCatalog() {
      return alertWindows.isEmpty() ? AlertWindows.defaults() : alertWindows;
    }
  }

  /**
   * Generates one document per spec: a rule file, or a {@code PrometheusRule} for a Kubernetes
   * spec.
   *
   * @throws SloSpecException if an SLO's period has no alert windows, or a spec would give no rule
   *     at all; its problems have the source {@code generator} and, as document, the spec's
   *     position in {@code specs} (from 1)
   */
  public static List<RuleDocument> generate(List<SloSpec> specs, Options options) {
    List<Problem> problems = new ArrayList<>();
    List<RuleDocument> documents = new ArrayList<>();
    for (int d = 0; d < specs.size(); d++) {
      SloSpec spec = specs.get(d);
      int problemsBefore = problems.size();
      List<RuleGroup> groups = new ArrayList<>();
      for (int i = 0; i < spec.slos().size(); i++) {
        Slo slo = spec.slos().get(i);
        Duration period = slo.period() != null ? slo.period() : options.defaultPeriod();
        AlertWindows windows =
            options.windowCatalog().stream()
                .filter(w -> w.period().equals(period))
                .findFirst()
                .orElse(null);
        if (windows == null) {
          problems.add(
              new Problem(
                  "generator",
                  d + 1,
                  "slos[" + i + "]",
                  "no alert windows for the SLO period of "
                      + PromFormat.duration(period)
                      + " (windows exist for "
                      + options.windowCatalog().stream()
                          .map(w -> PromFormat.duration(w.period()))
                          .toList()
                      + ")"));
          continue;
        }
        groups.addAll(groups(spec.kind(), slo, period, windows, options));
      }
      if (groups.isEmpty() && problems.size() == problemsBefore) {
        problems.add(
            new Problem(
                "generator", d + 1, "", "no rules to generate: recordings and alerts are off"));
      }
      documents.add(document(spec, groups));
    }
    if (!problems.isEmpty()) {
      throw new SloSpecException(problems);
    }
    return List.copyOf(documents);
  }

  /**
   * Writes documents as one YAML stream, each starting with {@code ---} and a generated-code note.
   */
  public static String toYaml(List<RuleDocument> documents) {
    StringBuilder out = new StringBuilder();
    for (RuleDocument document : documents) {
      out.append("---\n")
          .append("# Generated by Slipway from SLO specs (Sloth-compatible rules).\n")
          .append("# DO NOT EDIT.\n\n")
          .append(YAML.writeValueAsString(document.toMap()));
    }
    return out.toString();
  }

  /**
   * Jackson's quoting, plus quotes for every plain scalar that some YAML reader (1.1 or 1.2) would
   * take for a number, a boolean or null, so label values always read back as strings.
   */
  private static final class Quoting extends StringQuotingChecker.Default {

    private static final Pattern NOT_A_STRING =
        Pattern.compile(
            "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?"
                + "|[-+]?0[xob][0-9a-fA-F_]+"
                + "|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?"
                + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"
                + "|(?i)(y|n|yes|no|on|off|true|false|null|~)");

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || NOT_A_STRING.matcher(value).matches();
    }
  }

  private static RuleDocument document(SloSpec spec, List<RuleGroup> groups) {
    SloSpec.KubernetesObject object = spec.object();
    if (object == null) {
      return new RuleDocument.RuleFile(groups);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/component", "SLO");
    labels.put("app.kubernetes.io/managed-by", "sloth");
    labels.putAll(object.labels());
    return new RuleDocument.PrometheusRule(
        object.name(), object.namespace(), labels, object.annotations(), groups);
  }

  private static List<RuleGroup> groups(
      Kind kind, Slo slo, Duration period, AlertWindows windows, Options options) {
    List<RuleGroup> groups = new ArrayList<>();
    if (!options.disableRecordings()) {
      Map<String, String> labels = merge(slo.labels(), options.extraLabels());
      groups.add(
          new RuleGroup(
              "sloth-slo-sli-recordings-" + slo.id(), sliRecordings(slo, labels, period, windows)));
      groups.add(
          new RuleGroup(
              "sloth-slo-meta-recordings-" + slo.id(),
              metaRecordings(kind, slo, labels, period, windows, options.version())));
    }
    if (!options.disableAlerts()) {
      List<Rule> alerts = alerts(slo, windows);
      if (!alerts.isEmpty()) {
        groups.add(new RuleGroup("sloth-slo-alerts-" + slo.id(), alerts));
      }
    }
    return groups;
  }

  /** The error ratio for each alert window, then for the period. */
  private static List<Rule> sliRecordings(
      Slo slo, Map<String, String> labels, Duration period, AlertWindows windows) {
    List<Rule> rules = new ArrayList<>();
    for (Duration window : windows.distinctWindows()) {
      rules.add(sliRecording(slo, labels, window, errorRatio(slo.sli(), window)));
    }
    String shortest = errorMetric(windows.pageQuick().shortWindow()) + idFilter(slo);
    String range = "[" + PromFormat.duration(period) + "]";
    String periodRatio =
        "sum_over_time("
            + shortest
            + range
            + ")\n/ ignoring ("
            + WINDOW_LABEL
            + ")\ncount_over_time("
            + shortest
            + range
            + ")\n";
    rules.add(sliRecording(slo, labels, period, periodRatio));
    return rules;
  }

  private static Rule sliRecording(
      Slo slo, Map<String, String> labels, Duration window, String expr) {
    Map<String, String> ruleLabels = new LinkedHashMap<>(idLabels(slo));
    ruleLabels.put(WINDOW_LABEL, PromFormat.duration(window));
    ruleLabels.putAll(labels);
    return Rule.recording(errorMetric(window), expr, ruleLabels);
  }

  private static String errorRatio(Sli sli, Duration window) {
    String query =
        switch (sli) {
          case Sli.Events events ->
              "(" + events.errorQuery() + ")\n/\n(" + events.totalQuery() + ")\n";
          case Sli.Raw raw -> "(" + raw.errorRatioQuery() + ")";
        };
    return WINDOW_PLACEHOLDER
        .matcher(query)
        .replaceAll(Matcher.quoteReplacement(PromFormat.duration(window)));
  }

  private static List<Rule> metaRecordings(
      Kind kind,
      Slo slo,
      Map<String, String> sloLabels,
      Duration period,
      AlertWindows windows,
      String version) {
    Map<String, String> labels = merge(idLabels(slo), sloLabels);
    String filter = idFilter(slo);
    String objectiveRatio = PromFormat.goFloat(slo.objective() / 100);
    Map<String, String> info = new LinkedHashMap<>(labels);
    info.put("sloth_version", version);
    info.put("sloth_mode", kind.mode());
    info.put("sloth_spec", kind.spec());
    info.put("sloth_objective", PromFormat.goPlainFloat(slo.objective()));
    return List.of(
        Rule.recording("slo:objective:ratio", "vector(" + objectiveRatio + ")", labels),
        Rule.recording("slo:error_budget:ratio", "vector(1-" + objectiveRatio + ")", labels),
        Rule.recording(
            "slo:time_period:days",
            "vector(" + PromFormat.goFloat(PromFormat.hours(period) / 24) + ")",
            labels),
        Rule.recording(
            "slo:current_burn_rate:ratio",
            burnRate(errorMetric(windows.pageQuick().shortWindow()), filter),
            labels),
        Rule.recording("slo:period_burn_rate:ratio", burnRate(errorMetric(period), filter), labels),
        Rule.recording(
            "slo:period_error_budget_remaining:ratio",
            "1 - slo:period_burn_rate:ratio" + filter,
            labels),
        Rule.recording("sloth_slo_info", "vector(1)", info));
  }

  private static String burnRate(String errorMetric, String filter) {
    return errorMetric
        + filter
        + "\n/ on("
        + String.join(", ", ID_LABEL, SLO_LABEL, SERVICE_LABEL)
        + ") group_left\nslo:error_budget:ratio"
        + filter
        + "\n";
  }

  private static List<Rule> alerts(Slo slo, AlertWindows windows) {
    Alerting alerting = slo.alerting();
    // Sloth writes the budget as (100 - objective) / 100, e.g. 0.0009999999999999432 for 99.9.
    String budget = PromFormat.goFloat((100 - slo.objective()) / 100);
    List<Rule> rules = new ArrayList<>();
    if (!alerting.page().disabled()) {
      rules.add(
          alert(
              slo,
              alerting,
              alerting.page(),
              "page",
              windows,
              windows.pageQuick(),
              windows.pageSlow(),
              budget));
    }
    if (!alerting.ticket().disabled()) {
      rules.add(
          alert(
              slo,
              alerting,
              alerting.ticket(),
              "ticket",
              windows,
              windows.ticketQuick(),
              windows.ticketSlow(),
              budget));
    }
    return rules;
  }

  private static Rule alert(
      Slo slo,
      Alerting alerting,
      Alerting.Alert settings,
      String severity,
      AlertWindows windows,
      Window quick,
      Window slow,
      String budget) {
    String filter = idFilter(slo);
    String expr =
        "(\n"
            + burning(quick.shortWindow(), filter, windows.burnFactor(quick), budget)
            + "\n    and\n"
            + burning(quick.longWindow(), filter, windows.burnFactor(quick), budget)
            + "\n)\nor\n(\n"
            + burning(slow.shortWindow(), filter, windows.burnFactor(slow), budget)
            + "\n    and\n"
            + burning(slow.longWindow(), filter, windows.burnFactor(slow), budget)
            + "\n)\n";
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(SEVERITY_LABEL, severity);
    labels.putAll(alerting.labels());
    labels.putAll(settings.labels());
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(
        "title",
        "("
            + severity
            + ") {{$labels."
            + SERVICE_LABEL
            + "}} {{$labels."
            + SLO_LABEL
            + "}} SLO error budget burn rate is too fast.");
    annotations.put(
        "summary",
        "{{$labels."
            + SERVICE_LABEL
            + "}} {{$labels."
            + SLO_LABEL
            + "}} SLO error budget burn rate is over expected.");
    annotations.putAll(alerting.annotations());
    annotations.putAll(settings.annotations());
    return Rule.alerting(alerting.name(), expr, labels, annotations);
  }

  private static String burning(Duration window, String filter, double factor, String budget) {
    return "    max("
        + errorMetric(window)
        + filter
        + " > ("
        + PromFormat.goFloat(factor)
        + " * "
        + budget
        + ")) without ("
        + WINDOW_LABEL
        + ")";
  }

  private static String errorMetric(Duration window) {
    return SLI_ERROR_METRIC + PromFormat.duration(window);
  }

  private static Map<String, String> idLabels(Slo slo) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ID_LABEL, slo.id());
    labels.put(SERVICE_LABEL, slo.service());
    labels.put(SLO_LABEL, slo.name());
    return labels;
  }

  private static String idFilter(Slo slo) {
    return PromFormat.labelFilter(idLabels(slo));
  }

  private static Map<String, String> merge(Map<String, String> base, Map<String, String> over) {
    Map<String, String> merged = new LinkedHashMap<>(base);
    merged.putAll(over);
    return merged;
  }
}
