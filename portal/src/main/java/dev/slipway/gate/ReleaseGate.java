package dev.slipway.gate;

import dev.slipway.gate.internal.GateRepository;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.CurrentUsers;
import dev.slipway.security.Role;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldProblem;
import dev.slipway.shared.InvalidRequestException;
import dev.slipway.shared.NotFoundException;
import dev.slipway.slo.ErrorBudgets;
import dev.slipway.slo.ServiceLevels;
import dev.slipway.slo.ServiceObjective;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The error-budget policy at work: a service whose budget is spent is frozen for feature releases
 * until it is back within budget. Pipelines ask the gate before they ship; the portal shows the
 * freeze wherever the service appears. Every freeze, lift, override and gate decision is an event
 * for the audit ledger.
 */
@Service
@EnableConfigurationProperties(ReleaseGateProperties.class)
public class ReleaseGate {

  /** A decision with what it was about. */
  public record Result(
      UUID environment,
      String service,
      GatePolicy.Change change,
      GatePolicy.Decision decision,
      GatePolicy.UnknownMode whenUnknown,
      @Nullable Instant overrideUntil) {}

  private final ServiceLevels serviceLevels;
  private final ErrorBudgets budgets;
  private final GateRepository gates;
  private final CurrentUsers users;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final GatePolicy.Settings settings;
  private final TransactionTemplate transactions;

  ReleaseGate(
      ServiceLevels serviceLevels,
      ErrorBudgets budgets,
      GateRepository gates,
      CurrentUsers users,
      ApplicationEventPublisher events,
      Clock clock,
      ReleaseGateProperties properties,
      TransactionTemplate transactions) {
    this.transactions = transactions;
    this.serviceLevels = serviceLevels;
    this.budgets = budgets;
    this.gates = gates;
    this.users = users;
    this.events = events;
    this.clock = clock;
    this.settings = properties.settings();
  }

  /**
   * A pipeline asks whether a change may ship. The answer of a caller who could ship (a pipeline,
   * developer or SRE) is recorded (an event, {@code GateDecided}); an auditor's is not. The gate's
   * state is not changed by asking: freezes and lifts are recorded by the recurring evaluation
   * ({@link #evaluateAll}) and SREs' actions only.
   *
   * @throws NotFoundException when the caller may not see the service
   */
  public Result check(UUID environment, GatePolicy.Change change) {
    Result result = evaluate(environment, visible(environment), change, false);
    // Only someone who could ship asks for a decision; an auditor's look is a status read.
    boolean couldShip =
        users.current().map(u -> u.has(Role.DEVELOPER) || u.has(Role.SRE)).orElse(false);
    if (!couldShip) {
      return result;
    }
    events.publishEvent(
        new ReleaseGateEvents.GateDecided(
            environment,
            result.service(),
            change.name(),
            result.decision().allowed(),
            result.decision().state().name(),
            result.decision().reason(),
            serviceLevels.subject(environment)));
    return result;
  }

  /**
   * A request that is a new release of an existing service ({@code releaseOf}, the environment it
   * follows) asks the service's gate, as a pipeline does ({@link #check}: the decision is
   * recorded); without {@code releaseOf} there is nothing to ask. A service never provisioned has
   * no budget to spend, so its release goes ahead.
   *
   * @param releaseOf the environment id as the request gives it
   * @param change the kind of change as the request gives it ({@link GatePolicy.Change#parse})
   * @param visible whether the caller may see an environment (the feature that owns them says)
   * @throws InvalidRequestException naming {@code releaseOf} or {@code change}
   * @throws ReleaseFrozen when the gate refuses: the same 423 the gate's endpoint answers
   */
  public void requireOpen(
      @Nullable String releaseOf, @Nullable String change, Predicate<UUID> visible) {
    if (releaseOf == null || releaseOf.isBlank()) {
      if (change != null && !change.isBlank()) {
        throw new InvalidRequestException("change", "only applies with releaseOf");
      }
      return;
    }
    UUID previous;
    try {
      previous = UUID.fromString(releaseOf.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("releaseOf", "is not an environment id");
    }
    if (!visible.test(previous)) {
      throw new InvalidRequestException(
          "releaseOf", "no environment " + previous + " that you may see");
    }
    GatePolicy.Change kind = GatePolicy.Change.parse(change);
    Result result;
    try {
      result = check(previous, kind);
    } catch (NotFoundException notAService) {
      return; // never provisioned, so no budget to spend
    }
    if (!result.decision().allowed()) {
      throw new ReleaseFrozen(result);
    }
  }

  /**
   * Where the service stands for feature releases, for the views and the status API. Reading never
   * writes: nothing is recorded or announced, whatever the budgets say.
   */
  public Result status(UUID environment) {
    return evaluate(environment, visible(environment), GatePolicy.Change.FEATURE, false);
  }

  /**
   * An SRE lifts a freeze for a bounded time, with a reason; it expires by itself.
   *
   * @throws InvalidRequestException when the reason is missing or the time unbounded or too long
   */
  public Result override(UUID environment, @Nullable String reason, @Nullable String duration) {
    CurrentUser user = users.require();
    if (!user.has(Role.SRE)) {
      throw new AccessDeniedException("Only SREs may lift a freeze.");
    }
    List<ServiceObjective> objectives = visible(environment);
    List<FieldProblem> problems = new ArrayList<>();
    if (reason == null || reason.isBlank()) {
      problems.add(new FieldProblem("reason", "is required: say why features may ship anyway"));
    }
    Duration length = null;
    try {
      length = duration == null ? null : Duration.parse(duration.strip());
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem("duration", "'" + duration + "' is not ISO-8601, e.g. PT4H"));
    }
    if (length == null && problems.stream().noneMatch(p -> p.field().equals("duration"))) {
      problems.add(new FieldProblem("duration", "is required, e.g. PT4H"));
    } else if (length != null && (length.isNegative() || length.isZero())) {
      problems.add(new FieldProblem("duration", "must be positive"));
    } else if (length != null && length.compareTo(settings.maxOverride()) > 0) {
      problems.add(
          new FieldProblem(
              "duration",
              "may be at most " + settings.maxOverride() + " (slipway.release-gate.max-override)"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    if (gates.freeze(environment).isEmpty()) {
      throw new ConflictException(
          "status",
          objectives.getFirst().service()
              + " is not frozen: there is nothing to lift (overrides are not set in advance).");
    }
    Instant now = clock.instant();
    Instant until = now.plus(length);
    gates.addOverride(environment, until, reason.strip(), user.id(), user.name(), now);
    events.publishEvent(
        new ReleaseGateEvents.FreezeOverridden(
            environment,
            objectives.getFirst().service(),
            until,
            reason.strip(),
            user.id(),
            serviceLevels.subject(environment)));
    return status(environment);
  }

  /**
   * The service's budgets: as Prometheus' recording rules have them, or, where SREs marked windows
   * to leave out within an objective's window, recomputed without those windows.
   */
  public List<GatePolicy.Budget> budgetsOf(
      UUID environment, List<ServiceObjective> objectives, ErrorBudgets.Fleet fleet) {
    return budgetsOf(objectives, fleet, gates.exclusions(environment));
  }

  private List<GatePolicy.Budget> budgetsOf(
      List<ServiceObjective> objectives,
      ErrorBudgets.Fleet fleet,
      List<BudgetExclusion> exclusions) {
    Instant now = clock.instant();
    List<GatePolicy.Budget> out = new ArrayList<>();
    for (ServiceObjective o : objectives) {
      Duration period = o.window().period();
      List<BudgetExclusion> within = within(exclusions, now, period);
      double remaining;
      if (!fleet.known()) {
        remaining = Double.NaN;
      } else if (!within.isEmpty()) {
        // Without the windows, or not at all: never the figure that still includes them.
        remaining =
            budgets
                .remainingExcluding(
                    o.service(),
                    o.name(),
                    o.errorBudget(),
                    period,
                    at -> within.stream().anyMatch(x -> x.covers(at)))
                .orElse(Double.NaN);
      } else {
        remaining =
            fleet.of(o.service(), o.name()).map(ErrorBudgets.Budget::remaining).orElse(Double.NaN);
      }
      // Every objective is listed, NaN where unknown: a freeze lifts only on complete evidence.
      out.add(new GatePolicy.Budget(o.name(), remaining));
    }
    return out;
  }

  /** The windows that overlap an objective's period and have begun. */
  private static List<BudgetExclusion> within(
      List<BudgetExclusion> exclusions, Instant now, Duration period) {
    return exclusions.stream()
        .filter(x -> x.from().isBefore(now) && x.to().isAfter(now.minus(period)))
        .toList();
  }

  private int excludedWindows(List<BudgetExclusion> exclusions, List<ServiceObjective> objectives) {
    Instant now = clock.instant();
    Duration longest =
        objectives.stream()
            .map(o -> o.window().period())
            .max(Duration::compareTo)
            .orElse(Duration.ofDays(28));
    return within(exclusions, now, longest).size();
  }

  /** The windows a service's budgets leave out, oldest first. */
  public List<BudgetExclusion> exclusions(UUID environment) {
    visible(environment);
    return gates.exclusions(environment);
  }

  /**
   * An SRE marks a planned maintenance or load-test window for a service; its budget and gate leave
   * it out (and say so). An event.
   *
   * @throws InvalidRequestException naming each field that is wrong
   */
  public BudgetExclusion exclude(
      UUID environment, @Nullable String from, @Nullable String to, @Nullable String reason) {
    CurrentUser user = users.require();
    if (!user.has(Role.SRE)) {
      throw new AccessDeniedException("Only SREs may leave windows out of a budget.");
    }
    List<ServiceObjective> objectives = visible(environment);
    List<FieldProblem> problems = new ArrayList<>();
    Instant start = instant("from", from, problems);
    Instant end = instant("to", to, problems);
    if (reason == null || reason.isBlank()) {
      problems.add(
          new FieldProblem("reason", "is required: what was planned (maintenance, load test)"));
    }
    if (start != null && end != null && !end.isAfter(start)) {
      problems.add(new FieldProblem("to", "must be after from"));
    } else if (start != null
        && end != null
        && Duration.between(start, end).compareTo(Duration.ofDays(7)) > 0) {
      problems.add(new FieldProblem("to", "a window may last at most 7 days"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    BudgetExclusion exclusion = new BudgetExclusion(start, end, reason.strip(), user.name());
    gates.addExclusion(environment, exclusion, clock.instant());
    events.publishEvent(
        new ReleaseGateEvents.BudgetWindowExcluded(
            environment,
            objectives.getFirst().service(),
            start,
            end,
            reason.strip(),
            user.id(),
            serviceLevels.subject(environment)));
    return exclusion;
  }

  private static @Nullable Instant instant(
      String field, @Nullable String value, List<FieldProblem> problems) {
    if (value == null || value.isBlank()) {
      problems.add(new FieldProblem(field, "is required, e.g. 2026-11-25T02:00:00Z"));
      return null;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem(field, "'" + value + "' is not an ISO-8601 instant"));
      return null;
    }
  }

  /**
   * The service's policy, for whoever may see the service: the defaults with its own thresholds
   * over them. Reads settings only: no budgets, no evaluation.
   *
   * @throws NotFoundException when the user may not see the service
   */
  public GatePolicy.Settings settings(UUID environment) {
    visible(environment);
    return settingsOf(environment);
  }

  /** The defaults SREs set, with the service's own thresholds over them. */
  private GatePolicy.Settings settingsOf(UUID environment) {
    return gates
        .policy(environment)
        .map(
            own ->
                new GatePolicy.Settings(
                    own[0] == null ? settings.freezeAt() : own[0],
                    own[1] == null ? settings.liftMargin() : own[1],
                    settings.unknown(),
                    settings.maxOverride()))
        .orElse(settings);
  }

  /**
   * An SRE sets a service's own thresholds (null: the default again); an event.
   *
   * @throws InvalidRequestException when a threshold is out of range
   */
  public GatePolicy.Settings setPolicy(
      UUID environment, @Nullable Double freezeAt, @Nullable Double liftMargin) {
    CurrentUser user = users.require();
    if (!user.has(Role.SRE)) {
      throw new AccessDeniedException("Only SREs may set a service's error-budget policy.");
    }
    List<ServiceObjective> objectives = visible(environment);
    List<FieldProblem> problems = new ArrayList<>();
    if (freezeAt != null && (!Double.isFinite(freezeAt) || freezeAt < -1 || freezeAt >= 1)) {
      problems.add(
          new FieldProblem("freezeAt", "must be a share of the budget from -1 to below 1"));
    }
    if (liftMargin != null && (!Double.isFinite(liftMargin) || liftMargin < 0 || liftMargin >= 1)) {
      problems.add(new FieldProblem("liftMargin", "must be from 0 to below 1"));
    }
    GatePolicy.Settings before = settingsOf(environment);
    double effectiveFreeze = freezeAt == null ? settings.freezeAt() : freezeAt;
    double effectiveMargin = liftMargin == null ? settings.liftMargin() : liftMargin;
    if (problems.isEmpty() && effectiveFreeze + effectiveMargin >= 1) {
      problems.add(
          new FieldProblem(
              "liftMargin",
              "freezeAt + liftMargin must stay below 1, or a freeze could never lift"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    gates.setPolicy(environment, freezeAt, liftMargin, user.id(), clock.instant());
    GatePolicy.Settings after = settingsOf(environment);
    events.publishEvent(
        new ReleaseGateEvents.ReleasePolicyChanged(
            environment,
            objectives.getFirst().service(),
            before.freezeAt() + "/" + before.liftMargin(),
            after.freezeAt() + "/" + after.liftMargin(),
            user.id(),
            serviceLevels.subject(environment)));
    return after;
  }

  private List<ServiceObjective> visible(UUID environment) {
    List<ServiceObjective> objectives = serviceLevels.visibleOf(environment);
    if (objectives.isEmpty()) {
      throw new NotFoundException("No service with environment id " + environment + ".");
    }
    return objectives;
  }

  /**
   * Looks at every service, so freezes and lifts are recorded (and announced) as budgets move, not
   * only when a pipeline asks: the recurring task {@code release-gates} runs it.
   *
   * @return how many services are frozen
   */
  public int evaluateAll() {
    java.util.Map<UUID, List<ServiceObjective>> byService = new java.util.LinkedHashMap<>();
    for (ServiceObjective o : serviceLevels.all()) {
      byService.computeIfAbsent(o.environment(), k -> new ArrayList<>()).add(o);
    }
    int frozen = 0;
    for (var entry : byService.entrySet()) {
      try {
        Result result = evaluate(entry.getKey(), entry.getValue(), GatePolicy.Change.FEATURE, true);
        if (result.decision().freeze() != null) {
          frozen++;
        }
      } catch (RuntimeException e) {
        // One service's trouble must not stop the others' look.
        org.slf4j.LoggerFactory.getLogger(ReleaseGate.class)
            .warn("Release gate of {} not evaluated: {}", entry.getKey(), e.toString());
      }
    }
    return frozen;
  }

  /** The services whose feature releases are frozen now, as last recorded. */
  public java.util.Set<UUID> frozen() {
    return gates.frozen();
  }

  /**
   * @param record whether a freeze or lift the budgets call for is recorded and announced: only for
   *     the recurring evaluation, never for a read or a pipeline's question
   */
  private Result evaluate(
      UUID environment,
      List<ServiceObjective> objectives,
      GatePolicy.Change change,
      boolean record) {
    String service = objectives.getFirst().service();
    ErrorBudgets.Fleet fleet = budgets.fleet();
    List<BudgetExclusion> exclusions = gates.exclusions(environment);
    List<GatePolicy.Budget> mine = budgetsOf(objectives, fleet, exclusions);
    // Milliseconds: what the database keeps, so every answer names the same moment.
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    GatePolicy.Freeze current = gates.freeze(environment).orElse(null);
    GatePolicy.Override override = gates.override(environment, now).orElse(null);
    GatePolicy.Decision decided =
        GatePolicy.decide(
            settingsOf(environment),
            mine,
            fleet.known(),
            fleet.problem(),
            current,
            override,
            change,
            now);
    int windows = excludedWindows(exclusions, objectives);
    GatePolicy.Decision decision =
        windows == 0
            ? decided
            : new GatePolicy.Decision(
                decided.allowed(),
                decided.state(),
                decided.freeze(),
                decided.budget(),
                decided.reason()
                    + " Budgets leave out "
                    + windows
                    + (windows == 1 ? " planned window." : " planned windows."));
    // Without record, the answer says what the budgets call for now and nothing is written.
    // A freeze or lift and its event are one transaction: the ledger's row and the announcement
    // its listener stores are kept with it or not at all.
    if (record && current == null && decision.freeze() != null) {
      GatePolicy.Freeze freeze = decision.freeze();
      boolean recorded =
          Boolean.TRUE.equals(
              transactions.execute(
                  tx -> {
                    if (!gates.freeze(environment, service, freeze)) {
                      return false;
                    }
                    events.publishEvent(
                        new ReleaseGateEvents.ServiceFrozen(
                            environment,
                            service,
                            freeze.slo(),
                            freeze.remaining(),
                            freeze.since(),
                            serviceLevels.subject(environment)));
                    return true;
                  }));
      if (!recorded) {
        // Another look recorded the freeze first: answer with the recorded one.
        return evaluate(environment, objectives, change, true);
      }
    } else if (record && current != null && decision.freeze() == null && fleet.known()) {
      Instant since = current.since();
      transactions.executeWithoutResult(
          tx -> {
            if (gates.lift(environment, since)) {
              events.publishEvent(
                  new ReleaseGateEvents.FreezeLifted(
                      environment, service, since, serviceLevels.subject(environment)));
            }
          });
    }
    return new Result(
        environment,
        service,
        change,
        decision,
        settings.unknown(),
        override == null ? null : override.until());
  }
}
