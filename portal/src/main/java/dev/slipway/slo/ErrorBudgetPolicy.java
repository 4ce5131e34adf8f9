package dev.slipway.slo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the error-budget policy makes of services' budgets, for the SLO pages: which services are
 * frozen for feature releases, and each budget with the windows SREs left out. Provided by the
 * feature that enforces the policy (the release gate), which depends on this one; so slo names no
 * such feature and there is no cycle. Without a provider, the pages show Prometheus' budgets and no
 * freeze ({@link #NONE}).
 */
public interface ErrorBudgetPolicy {

  /** The environments whose services are frozen for feature releases, as last recorded. */
  Set<UUID> frozen();

  /**
   * While the service is frozen, or its freeze lifted for now: that, and why, in a sentence for the
   * service's page.
   */
  Optional<String> freeze(UUID environment);

  /**
   * Each objective's budget left (by objective name; NaN when unknown) as the policy counts it:
   * planned windows left out where SREs marked any.
   */
  Map<String, Double> budgetsLeft(
      UUID environment, List<ServiceObjective> objectives, ErrorBudgets.Fleet fleet);

  /** The windows the service's budgets leave out, in a sentence, when there are any. */
  Optional<String> leftOut(UUID environment);

  /** No policy: no freezes, Prometheus' budgets as they are. */
  ErrorBudgetPolicy NONE =
      new ErrorBudgetPolicy() {
        @Override
        public Set<UUID> frozen() {
          return Set.of();
        }

        @Override
        public Optional<String> freeze(UUID environment) {
          return Optional.empty();
        }

        @Override
        public Map<String, Double> budgetsLeft(
            UUID environment, List<ServiceObjective> objectives, ErrorBudgets.Fleet fleet) {
          Map<String, Double> left = new HashMap<>();
          for (ServiceObjective o : objectives) {
            left.put(
                o.name(),
                fleet.known()
                    ? fleet
                        .of(o.service(), o.name())
                        .map(ErrorBudgets.Budget::remaining)
                        .orElse(Double.NaN)
                    : Double.NaN);
          }
          return left;
        }

        @Override
        public Optional<String> leftOut(UUID environment) {
          return Optional.empty();
        }
      };
}
