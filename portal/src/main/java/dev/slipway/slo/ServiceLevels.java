package dev.slipway.slo;

import dev.slipway.audit.AuditSubject;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.CurrentUsers;
import dev.slipway.security.Role;
import dev.slipway.shared.InvalidRequestException;
import dev.slipway.shared.NotFoundException;
import dev.slipway.slo.internal.MonitoringObjects;
import dev.slipway.slo.internal.ObjectiveRepository;
import dev.slipway.slo.rules.Alerting;
import dev.slipway.slo.rules.RuleDocument;
import dev.slipway.slo.rules.RuleGenerator;
import dev.slipway.slo.rules.RuleGroup;
import dev.slipway.slo.rules.Sli;
import dev.slipway.slo.rules.Slo;
import dev.slipway.slo.rules.SloSpec;
import java.time.Clock;
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
  public static final List<Objective> DEFAULTS =
      List.of(
          new Objective("availability", Indicator.AVAILABILITY, 99.9, SloWindow.DAYS_30, null),
          new Objective(
              "latency-p50", Indicator.LATENCY, 50, SloWindow.DAYS_30, Threshold.ofMillis(300)));

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
    this.dashboardForm =
        properties.dashboard() == SloProperties.Dashboard.GRAFANA_OPERATOR
            ? MonitoringObjects.DashboardForm.GRAFANA_OPERATOR
            : MonitoringObjects.DashboardForm.CONFIGMAP;
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
      List<Objective> fromTemplate,
      String template,
      String owner,
      @Nullable String team,
      String requester) {
    String service = serviceName(environmentName, environment);
    List<Objective> chosen = fromTemplate.isEmpty() ? DEFAULTS : fromTemplate;
    Instant now = clock.instant();
    List<ServiceObjective> list = new ArrayList<>();
    for (Objective t : chosen) {
      list.add(
          new ServiceObjective(
              environment,
              service,
              namespace,
              t.name(),
              t.indicator(),
              t.target(),
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
  static List<Slo> slos(List<ServiceObjective> objectives) {
    List<Slo> slos = new ArrayList<>();
    for (ServiceObjective o : objectives) {
      slos.add(
          new Slo(
              o.service(),
              o.name(),
              describe(o),
              o.objective(),
              o.window().period(),
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
   * The objective an SRE may change: the caller must be an SRE and the objective must exist. The
   * API asks before it reads the change, so a refusal comes before a complaint about the body.
   *
   * @throws AccessDeniedException unless the current user is an SRE
   * @throws NotFoundException when the service has no such objective
   */
  public ServiceObjective changeable(UUID environment, String name) {
    if (!users.require().has(Role.SRE)) {
      throw new AccessDeniedException("Only SREs may change service-level objectives.");
    }
    return objectives.of(environment).stream()
        .filter(o -> o.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new NotFoundException(
                    "No objective " + name + " for environment " + environment + "."));
  }

  /**
   * An SRE changes an objective's target, window or threshold. The generated rules follow when the
   * environment's monitoring is next applied.
   *
   * @throws InvalidRequestException when a threshold is given to an objective that takes none
   */
  public ServiceObjective change(UUID environment, String name, ObjectiveChange change) {
    ServiceObjective current = changeable(environment, name);
    CurrentUser user = users.require();
    Threshold newThreshold = current.threshold();
    if (change.threshold() != null) {
      var misplaced = current.indicator().thresholdProblem(true);
      if (misplaced.isPresent()) {
        throw new InvalidRequestException("threshold", misplaced.get());
      }
      newThreshold = change.threshold();
    }
    ServiceObjective changed =
        new ServiceObjective(
            current.environment(),
            current.service(),
            current.namespace(),
            current.name(),
            current.indicator(),
            change.target() == null ? current.objective() : change.target(),
            change.window() == null ? current.window() : change.window(),
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
    String target = String.format(Locale.ROOT, "%s %%", Objective.percent(o.objective()));
    return switch (o.indicator()) {
      case AVAILABILITY -> target + " available over " + o.window();
      case LATENCY ->
          target + " of requests under " + readable(o.threshold()) + " over " + o.window();
      case LOG_PROCESSING ->
          target
              + " of log entries processed within "
              + readable(o.threshold())
              + " over "
              + o.window();
    };
  }

  private static String readable(@Nullable Threshold t) {
    return t == null ? "?" : t.readable();
  }
}
