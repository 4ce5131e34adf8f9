package dev.slipway.provisioning;

import dev.slipway.catalog.CatalogTemplate;
import dev.slipway.catalog.TemplateCatalog;
import dev.slipway.provisioning.EnvironmentStateMachine.Transition;
import dev.slipway.shared.ConflictException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Queues an environment's provisioning task: for a new request, and again for an approved or
 * retried one (which is rendered from its recorded parameters first, to see that it still can be).
 */
@Component
class ProvisioningStart {

  private final TemplateCatalog catalog;
  private final EnvironmentRepository environments;
  private final ProvisioningQueue queue;
  private final LimitCheck limits;
  private final TransactionTemplate transactions;
  private final ProvisioningProperties properties;
  private final Clock clock;

  ProvisioningStart(
      TemplateCatalog catalog,
      EnvironmentRepository environments,
      ProvisioningQueue queue,
      LimitCheck limits,
      TransactionTemplate transactions,
      ProvisioningProperties properties,
      Clock clock) {
    this.catalog = catalog;
    this.environments = environments;
    this.queue = queue;
    this.limits = limits;
    this.transactions = transactions;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Queues the provisioning task, in the caller's transaction.
   *
   * @param secretsFromGenerators whether masked values are left to the template's generators
   * @param secretValues values given with the request that are never stored
   */
  void start(
      Environment environment,
      CatalogTemplate template,
      boolean secretsFromGenerators,
      Map<String, String> secretValues) {
    Duration readiness =
        template.readinessTimeout() != null
            ? template.readinessTimeout()
            : properties.readiness().timeout();
    queue.provision(
        new ProvisioningJobs.Provision(environment.id(), secretsFromGenerators, readiness, null),
        secretValues);
  }

  /**
   * Renders the environment's pinned version from the recorded values, masked ones left to defaults
   * and generators, to see that it can still be made.
   *
   * @return the version it was made from
   * @throws RuntimeException saying why it cannot be rendered any more
   */
  CatalogTemplate renderable(Environment environment) {
    return catalog
        .renderRequested(
            environment.template(),
            environment.templateVersion(),
            RequestRules.unmasked(environment.parameters()))
        .template();
  }

  /**
   * Back to REQUESTED and a new provisioning task, in one transaction.
   *
   * @param makesLive whether the move makes a environment that did not count live again, so the
   *     limits are counted again
   */
  void restart(
      Environment environment,
      CatalogTemplate template,
      Transition move,
      boolean makesLive,
      String reason,
      Supplier<ConflictException> raced,
      Runnable alongside) {
    transactions.executeWithoutResult(
        tx -> {
          if (makesLive) {
            limits.check(environment.owner(), environment.team());
          }
          if (!environments.transition(environment.id(), move, reason, clock.instant())) {
            throw raced.get();
          }
          alongside.run();
          start(environment, template, true, Map.of());
        });
  }
}
