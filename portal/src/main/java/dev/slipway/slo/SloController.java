package dev.slipway.slo;

import dev.slipway.security.CurrentUsers;
import dev.slipway.security.Role;
import dev.slipway.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A service's objectives with their budgets, SRE edits, and the fleet's budgets. */
@RestController
@Tag(name = "Service levels", description = "Objectives and error budgets")
@RequestMapping("/api/v1")
class SloController {

  private final ServiceLevels serviceLevels;
  private final ErrorBudgets budgets;
  private final CurrentUsers users;

  SloController(ServiceLevels serviceLevels, ErrorBudgets budgets, CurrentUsers users) {
    this.serviceLevels = serviceLevels;
    this.budgets = budgets;
    this.users = users;
  }

  /** One objective as the API shows it, with its budget when Prometheus could be asked. */
  record ObjectiveView(
      String name,
      String indicator,
      double objective,
      String window,
      @Nullable String threshold,
      String description,
      @Nullable Double budgetRemaining,
      @Nullable Double burnRate,
      Instant updatedAt,
      String updatedBy) {}

  /**
   * @param budgetsProblem why budgets are missing (Prometheus not configured or not answering)
   */
  record ServiceView(
      UUID environment,
      String service,
      List<ObjectiveView> objectives,
      @Nullable Instant budgetsReadAt,
      @Nullable String budgetsProblem) {}

  record Change(@Nullable Double objective, @Nullable String window, @Nullable String threshold) {}

  @Operation(
      summary = "A service's objectives, each with its budget left and burn rate",
      description = "Roles: owner, team, SRE, auditor")
  @GetMapping("/services/{environment}/slos")
  ServiceView objectives(@PathVariable String environment) {
    UUID id = parse(environment);
    List<ServiceObjective> objectives = serviceLevels.visibleOf(id);
    if (objectives.isEmpty()) {
      throw notFound(environment);
    }
    ErrorBudgets.Fleet fleet = budgets.fleet();
    return new ServiceView(
        id,
        objectives.getFirst().service(),
        objectives.stream().map(o -> view(o, fleet)).toList(),
        fleet.readAt(),
        fleet.problem());
  }

  @Operation(summary = "Change an objective", description = "Roles: SRE")
  @PutMapping("/services/{environment}/slos/{name}")
  ObjectiveView change(
      @PathVariable String environment, @PathVariable String name, @RequestBody Change change) {
    UUID id = parse(environment);
    serviceLevels.changeable(id, name); // who may, and which objective, before the body's fields
    ServiceObjective changed =
        serviceLevels.change(
            id,
            name,
            ObjectiveChange.parse(change.objective(), change.window(), change.threshold()));
    return view(changed, budgets.fleet());
  }

  /** SREs and auditors: every SLO's budget, least remaining first. */
  @Operation(summary = "Every SLO's budget, least left first", description = "Roles: SRE, auditor")
  @GetMapping("/budgets")
  ErrorBudgets.Fleet fleet() {
    if (!users.require().has(Role.SRE) && !users.require().has(Role.AUDITOR)) {
      throw new AccessDeniedException("Only SREs and auditors see the whole fleet's budgets.");
    }
    return budgets.fleet();
  }

  private static ObjectiveView view(ServiceObjective o, ErrorBudgets.Fleet fleet) {
    var budget = fleet.of(o.service(), o.name());
    return new ObjectiveView(
        o.name(),
        o.indicator().id(),
        o.objective(),
        o.window().text(),
        o.threshold() == null ? null : o.threshold().text(),
        ServiceLevels.describe(o),
        budget.map(ErrorBudgets.Budget::remaining).filter(d -> !d.isNaN()).orElse(null),
        budget.map(ErrorBudgets.Budget::burnRate).filter(d -> !d.isNaN()).orElse(null),
        o.updatedAt(),
        o.updatedBy());
  }

  private static UUID parse(String id) {
    return NotFoundException.id(id, missing(id));
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException(missing(id));
  }

  private static String missing(String id) {
    return "No service with environment id " + id + ".";
  }
}
