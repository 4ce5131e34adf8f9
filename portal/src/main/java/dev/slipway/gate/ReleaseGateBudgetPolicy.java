package dev.slipway.gate;

import dev.slipway.slo.ErrorBudgetPolicy;
import dev.slipway.slo.ErrorBudgets;
import dev.slipway.slo.ServiceObjective;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The gate's side of slo's pages: the freeze, the budgets as the gate counts them, the windows they
 * leave out. Reading only, as {@link ReleaseGate#status} is: nothing is recorded.
 */
@Component
class ReleaseGateBudgetPolicy implements ErrorBudgetPolicy {

  private final ReleaseGate gate;

  ReleaseGateBudgetPolicy(ReleaseGate gate) {
    this.gate = gate;
  }

  @Override
  public Set<UUID> frozen() {
    return gate.frozen();
  }

  @Override
  public Optional<String> freeze(UUID environment) {
    GatePolicy.Decision release = gate.status(environment).decision();
    return switch (release.state()) {
      case FROZEN -> Optional.of("Frozen for feature releases. " + release.reason());
      case OVERRIDDEN -> Optional.of("Freeze lifted for now. " + release.reason());
      case OPEN, UNKNOWN -> Optional.empty();
    };
  }

  @Override
  public Map<String, Double> budgetsLeft(
      UUID environment, List<ServiceObjective> objectives, ErrorBudgets.Fleet fleet) {
    Map<String, Double> left = new HashMap<>();
    gate.budgetsOf(environment, objectives, fleet).forEach(b -> left.put(b.slo(), b.remaining()));
    return left;
  }

  @Override
  public Optional<String> leftOut(UUID environment) {
    List<BudgetExclusion> windows = gate.exclusions(environment);
    if (windows.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "Budgets leave out "
            + windows.stream()
                .map(w -> w.from() + " to " + w.to() + " (" + w.reason() + ", " + w.by() + ")")
                .collect(Collectors.joining("; "))
            + ".");
  }
}
