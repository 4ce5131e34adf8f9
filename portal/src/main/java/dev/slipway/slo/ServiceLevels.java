package dev.slipway.slo;

import dev.slipway.audit.AuditSubject;
import dev.slipway.catalog.TemplateObjective;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.CurrentUsers;
import dev.slipway.security.Role;
import dev.slipway.shared.FieldProblem;
import dev.slipway.shared.InvalidRequestException;
import dev.slipway.shared.NotFoundException;
import dev.slipway.slo.internal.MonitoringObjects;
import dev.slipway.slo.internal.ObjectiveRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The service-level objectives of every provisioned service. Each environment is a service: its
 * objectives are recorded when it is provisioned, from its template's {@code slo} section, or the
 * product's defaults when the template has none; SREs may change them afterwards.
 */
@Service
@EnableConfigurationProperties(SloProperties.class)
public class ServiceLevels {

  /**
   * The defaults for a service whose template sets no objectives: 99.9 % availability and half of
   * the requests under 300 ms, each over 30 days (the product brief; log pipelines set their own).
   */
  public static final List<TemplateObjective> DEFAULTS =
      List.of(
          new TemplateObjective("availability", "availability", 99.9, "30d", null),
          new TemplateObjective("latency-p50", "latency", 50, "30d", Duration.ofMillis(300)));

  private final ObjectiveRepository objectives;
  private final MonitoringObjects.DashboardForm dashboardForm;
  private final Map<String, String> grafanaInstances;
  private final CurrentUsers users;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final TransactionTemplate transactions;

  ServiceLevels(
      ObjectiveRepository objectives,
      CurrentUsers users,
      ApplicationEventPublisher events,
      Clock clock,
      SloProperties properties,
      TransactionTemplate transactions) {
    this.objectives = objectives;
    this.transactions = transactions;
    String form = properties.dashboard() == null ? "configmap" : properties.dashboard().strip();
    this.dashboardForm =
        switch (form) {
          case "configmap" -> MonitoringObjects.DashboardForm.CONFIGMAP;
          case "grafana-operator" -> MonitoringObjects.DashboardForm.GRAFANA_OPERATOR;
          default ->
              throw new IllegalStateException(
                  "slipway.slo.dashboard must be configmap or grafana-operator, not '"
                      + form
                      + "'");
        };
    this.grafanaInstances =
        properties.grafanaInstanceSelector() == null
                || properties.grafanaInstanceSelector().isEmpty()
            ? Map.of("dashboards", "grafana")
            : Map.copyOf(properties.grafanaInstanceSelector());
    this.users = users;
    this.events = events;
    this.clock = clock;
  }

  /**
   * The service name of an environment: its name and the start of its id, so a name used again
   * later never meets the earlier environment's series in Prometheus.
   */
  public static String serviceName(String environmentName, UUID environment) {
    return environmentName + "-" + environment.toString().substring(0, 8);
  }

  /**
   * Records a service's objectives, once: a repeated or resumed provisioning keeps what was
   * recorded first, SRE changes included.
   *
   * @param owner who may see the service besides SREs and auditors (the requester's subject)
   * @param template the environment's template, which events about the service name
   * @param team the environment's team, whose members may see it too
   * @return the service's objectives
   */
  public List<ServiceObjective> record(
      UUID environment,
      String environmentName,
      String namespace,
      List<TemplateObjective> fromTemplate,
      String template,
      String owner,
      @Nullable String team,
      String requester) {
    String service = serviceName(environmentName, environment);
    List<TemplateObjective> chosen = fromTemplate.isEmpty() ? DEFAULTS : fromTemplate;
    Instant now = clock.instant();
    List<ServiceObjective> list = new ArrayList<>();
    for (TemplateObjective t : chosen) {
      list.add(
          new ServiceObjective(
              environment,
              service,
              namespace,
              t.name(),
              t.indicator(),
              t.objective(),
              t.window(),
              t.threshold(),
              now,
              fromTemplate.isEmpty() ? "defaults" : "template, requested by " + requester));
    }
    if (objectives.recordIfAbsent(list, template, owner, team)) {
      events.publishEvent(
          new SloEvents.ObjectivesRecorded(
              environment,
              service,
              list.size(),
              AuditSubject.environment(environment, template, team)));
    }
    return objectives.of(environment);
  }

  /**
   * The monitoring created with a service, in its namespace: the rules of its objectives, the
   * scrape configuration for its Services and a Grafana dashboard of its objectives.
   *
   * @param objects the service's own objects, to find its Services' ports
   */
  public List<Map<String, Object>> monitoringFor(
      UUID environment, List<ServiceObjective> objectives, List<Map<String, Object>> objects) {
    List<Map<String, Object>> monitoring = new ArrayList<>(rulesAndDashboard(objectives));
    monitoring.addAll(1, MonitoringObjects.serviceMonitor(environment.toString(), objects));
    return monitoring;
  }

  /** The parts of a service's monitoring that follow its objectives: its rules and dashboard. */
  public List<Map<String, Object>> rulesAndDashboard(List<ServiceObjective> objectives) {
    return List.of(
        prometheusRule(objectives),
        MonitoringObjects.dashboard(objectives, dashboardForm, grafanaInstances));
  }

  /**
   * The service's objectives as Sloth SLOs: events SLIs over its namespace ({@link Indicators}), a
   * page and a ticket alert each, labelled with the environment.
   */
  public static List<Slo> slos(List<ServiceObjective> objectives) {
    List<Slo> slos = new ArrayList<>();
    for (ServiceObjective o : objectives) {
      slos.add(
          new Slo(
              o.service(),
              o.name(),
              describe(o),
              o.objective(),
              Duration.ofDays(o.window().equals("28d") ? 28 : 30),
              new Sli.Events(Indicators.errorQuery(o), Indicators.totalQuery(o)),
              Map.of("slipway_environment", o.environment().toString()),
              new Alerting(
                  "SlipwayErrorBudgetBurn",
                  // The objective's name keeps two objectives' alerts apart (promtool's lint).
                  Map.of("namespace", o.namespace(), "objective", o.name()),
                  Map.of(
                      "summary",
                      o.service() + " is burning its " + o.name() + " error budget too fast",
                      "description",
                      "Objective: " + describe(o) + "."),
                  Alerting.Alert.ENABLED,
                  Alerting.Alert.ENABLED)));
    }
    return slos;
  }

  /** The rules of a service's objectives, as the PrometheusRule created with it. */
  static Map<String, Object> prometheusRule(List<ServiceObjective> objectives) {
    RuleDocument rules =
        RuleGenerator.generate(
                List.of(SloSpec.sloth(slos(objectives))), RuleGenerator.Options.defaults())
            .getFirst();
    Map<String, Object> rule = new java.util.LinkedHashMap<>();
    rule.put("apiVersion", "monitoring.coreos.com/v1");
    rule.put("kind", "PrometheusRule");
    rule.put("metadata", Map.of("name", "slipway-slos"));
    rule.put("spec", Map.of("groups", rules.groups().stream().map(RuleGroup::toMap).toList()));
    return rule;
  }

  /**
   * What events about a service are filed under in the audit ledger: its environment, with that
   * environment's template and team (recorded with the objectives).
   */
  public AuditSubject subject(UUID environment) {
    return objectives
        .subject(environment)
        .orElseGet(() -> new AuditSubject(environment, null, null));
  }

  /** A service's objectives, in the template's order. */
  public List<ServiceObjective> of(UUID environment) {
    return objectives.of(environment);
  }

  /**
   * A service's objectives if the current user may see it: its owner, its team, SREs and auditors
   * (as for environments); empty otherwise, as if it did not exist.
   */
  public List<ServiceObjective> visibleOf(UUID environment) {
    CurrentUser user = users.require();
    if (user.seesAll()
        || objectives
            .owners(environment)
            .map(o -> o.owner() != null && user.sees(o.owner(), o.team()))
            .orElse(false)) {
      return objectives.of(environment);
    }
    return List.of();
  }

  /** Every service's objectives, by service. */
  public List<ServiceObjective> all() {
    return objectives.all();
  }

  /**
   * An SRE changes an objective's target, window or threshold. The generated rules follow when the
   * environment's monitoring is next applied.
   *
   * @throws InvalidRequestException naming each field that is wrong
   */
  public ServiceObjective change(
      UUID environment,
      String name,
      @Nullable Double objective,
      @Nullable String window,
      @Nullable String threshold) {
    CurrentUser user = users.require();
    if (!user.has(Role.SRE)) {
      throw new AccessDeniedException("Only SREs may change service-level objectives.");
    }
    ServiceObjective current =
        objectives.of(environment).stream()
            .filter(o -> o.name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "No objective " + name + " for environment " + environment + "."));
    List<FieldProblem> problems = new ArrayList<>();
    double target = objective == null ? current.objective() : objective;
    if (!(target > 0 && target < 100)) {
      problems.add(new FieldProblem("objective", "must be a percent strictly between 0 and 100"));
    }
    String newWindow = window == null ? current.window() : window.strip();
    if (!newWindow.equals("30d") && !newWindow.equals("28d")) {
      problems.add(new FieldProblem("window", "must be 30d or 28d"));
    }
    Duration newThreshold = current.threshold();
    if (threshold != null) {
      if (current.indicator().equals("availability")) {
        problems.add(new FieldProblem("threshold", "an availability objective has no threshold"));
      } else {
        newThreshold = parseThreshold(threshold, problems);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    ServiceObjective changed =
        new ServiceObjective(
            current.environment(),
            current.service(),
            current.namespace(),
            current.name(),
            current.indicator(),
            target,
            newWindow,
            newThreshold,
            clock.instant(),
            user.name());
    // The change and its event are one transaction: the ledger's row and the work its listeners
    // store (the monitoring refresh) are kept with it or not at all.
    transactions.executeWithoutResult(
        tx -> {
          objectives.update(changed);
          events.publishEvent(
              new SloEvents.ObjectiveChanged(
                  environment,
                  name,
                  describe(current),
                  describe(changed),
                  user.id(),
                  subject(environment)));
        });
    return changed;
  }

  /** How people write an objective: {@code 99.9 % over 30d} or {@code 50 % under 300 ms…}. */
  public static String describe(ServiceObjective o) {
    String target = String.format(Locale.ROOT, "%s %%", trim(o.objective()));
    return switch (o.indicator()) {
      case "availability" -> target + " available over " + o.window();
      case "latency" ->
          target + " of requests under " + readable(o.threshold()) + " over " + o.window();
      default ->
          target
              + " of log entries processed within "
              + readable(o.threshold())
              + " over "
              + o.window();
    };
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static String readable(@Nullable Duration d) {
    if (d == null) {
      return "?";
    }
    if (d.toMillis() < 1000) {
      return d.toMillis() + " ms";
    }
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }

  private static @Nullable Duration parseThreshold(String text, List<FieldProblem> problems) {
    try {
      return TemplateObjective.threshold(text);
    } catch (IllegalArgumentException unfit) {
      problems.add(new FieldProblem("threshold", unfit.getMessage()));
      return null;
    }
  }
}
