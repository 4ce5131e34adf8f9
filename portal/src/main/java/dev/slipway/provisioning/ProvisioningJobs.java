package dev.slipway.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The data of the durable tasks, stored by db-scheduler as JSON: ids, names and durations only.
 * Parameter values, given or generated, never go in here.
 */
final class ProvisioningJobs {

  private ProvisioningJobs() {}

  /**
   * Provisions one environment: first the apply step ({@code readyBy} null), then, on a real
   * cluster, one readiness check per execution until every object is ready or {@code readyBy}.
   *
   * @param secretsFromGenerators whether masked (secret) parameters are left to the template's
   *     defaults and generators: true after an approval or a retry, when the values given with the
   *     request are long gone; false for a fresh request, whose given values the receiving instance
   *     holds in memory only
   */
  record Provision(
      UUID environment,
      boolean secretsFromGenerators,
      Duration readinessTimeout,
      @Nullable Instant readyBy) {

    Provision waitingUntil(Instant deadline) {
      return new Provision(environment, secretsFromGenerators, readinessTimeout, deadline);
    }
  }

  /**
   * Removes what a failed provisioning attempt made, as its requester, until nothing is left
   * (verified).
   *
   * @param cause why provisioning failed, as the environment's reason says (redacted)
   */
  record Cleanup(UUID environment, String cause) {}

  /** Deletes every labelled object and the namespace, acting as the person deleting. */
  record Deletion(UUID environment, String actor, List<String> actorGroups) {}

  /**
   * Applies an environment's monitoring again after an SRE changed one of its objectives.
   *
   * @param objective the objective changed, for the log
   */
  record Refresh(UUID environment, String objective) {}
}
