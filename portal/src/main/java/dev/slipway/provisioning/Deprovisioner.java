package dev.slipway.provisioning;

import dev.slipway.cluster.Actor;
import dev.slipway.cluster.ClusterException;
import dev.slipway.cluster.ClusterGateway;
import dev.slipway.cluster.ObjectRef;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentDeleted;
import dev.slipway.provisioning.EnvironmentStateMachine.Trigger;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Removes what an environment made: the work of the durable deletion task, and of the durable
 * cleanup task after a failed provisioning attempt. Both select by the environment's label inside
 * its namespace, then delete the namespace, verify that nothing is left, and run again until so;
 * each holds the environment's lease while it works.
 */
@Component
class Deprovisioner {

  private static final Logger log = LoggerFactory.getLogger(Deprovisioner.class);

  private final EnvironmentRepository environments;
  private final ClusterGateway cluster;
  private final EnvironmentLeases leases;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Deprovisioner(
      EnvironmentRepository environments,
      ClusterGateway cluster,
      EnvironmentLeases leases,
      ApplicationEventPublisher events,
      Clock clock) {
    this.leases = leases;
    this.environments = environments;
    this.cluster = cluster;
    this.events = events;
    this.clock = clock;
  }

  /** What a failed environment's reason says while its cleanup task runs. */
  static final String CLEANING_UP = "Removing everything created for it.";

  /**
   * One execution of a deletion task, acting as the person who deleted (or, for expiry, the
   * requester). Nothing to do when the environment is no longer being deleted.
   *
   * @throws DeletionIncomplete when something is left or the cluster could not be reached: the task
   *     runs again later (see {@link RetryUntilDone})
   * @throws EnvironmentLeases.LeaseHeld when another execution works on the environment
   */
  void delete(ProvisioningJobs.Deletion job) {
    if (!allows(job.environment(), Trigger.DELETION_DONE)) {
      return;
    }
    try (EnvironmentLeases.Lease lease = lease(job.environment())) {
      Optional<Environment> found = deleting(job.environment());
      if (found.isEmpty()) {
        return;
      }
      Environment environment = found.get();
      Actor actor = new Actor(job.actor(), job.actorGroups());
      List<ObjectRef> remaining;
      try {
        lease.check();
        remaining =
            cluster
                .actingAs(actor)
                .deleteEnvironment(
                    environment.namespace(),
                    environment.id().toString(),
                    refs(environment.objects()));
      } catch (ClusterException e) {
        log.warn("Deleting environment {} failed: {}", environment.id(), e.getMessage());
        move(
            environment,
            Trigger.DELETION_INCOMPLETE,
            "Deletion failed: " + e.getMessage() + ". Deleting again shortly.");
        throw new DeletionIncomplete("Deletion failed: " + e.getMessage());
      }
      if (!remaining.isEmpty()) {
        String reason = "Still present after deletion: " + describe(remaining);
        move(environment, Trigger.DELETION_INCOMPLETE, reason + ". Deleting again shortly.");
        throw new DeletionIncomplete(reason);
      }
      markDeleted(environment, environment.objects(), -1);
      if (move(
          environment,
          Trigger.DELETION_DONE,
          "Every labelled object and namespace " + environment.namespace() + " deleted")) {
        log.info("Environment {} ({}) deleted", environment.name(), environment.id());
        events.publishEvent(
            new EnvironmentDeleted(environment.id(), EnvironmentEvents.about(environment)));
      }
    }
  }

  /**
   * One execution of the cleanup task of a failed environment, as its requester: removes every
   * labelled object and the namespace, and says so in the environment's reason once nothing is left
   * (verified). Nothing to do once the environment is no longer failed (a deletion or a retry took
   * over).
   *
   * @throws DeletionIncomplete when something is left or the cluster could not be reached: the task
   *     runs again later, and the reason says what is left meanwhile
   * @throws EnvironmentLeases.LeaseHeld when another execution works on the environment
   */
  void cleanUp(ProvisioningJobs.Cleanup job) {
    if (!allows(job.environment(), Trigger.CLEANUP)) {
      return;
    }
    try (EnvironmentLeases.Lease lease = lease(job.environment())) {
      Optional<Environment> found = failed(job.environment());
      if (found.isEmpty()) {
        return;
      }
      Environment environment = found.get();
      List<ObjectRef> remaining;
      try {
        lease.check();
        remaining =
            cluster
                .actingAs(EnvironmentPlan.requester(environment))
                .deleteEnvironment(
                    environment.namespace(),
                    environment.id().toString(),
                    refs(environment.objects()));
      } catch (ClusterException e) {
        move(
            environment,
            Trigger.CLEANUP,
            job.cause()
                + ". Removing what was created is not finished ("
                + e.getMessage()
                + "); trying again shortly.");
        throw new DeletionIncomplete("Cleanup failed: " + e.getMessage());
      }
      if (!remaining.isEmpty()) {
        move(
            environment,
            Trigger.CLEANUP,
            job.cause()
                + ". Removing what was created is not finished, still present: "
                + describe(remaining)
                + "; trying again shortly.");
        throw new DeletionIncomplete("Cleanup left " + describe(remaining));
      }
      markDeleted(environment, environment.objects(), -1);
      move(
          environment,
          Trigger.CLEANUP,
          job.cause() + ". Everything created for it was removed (verified).");
      log.info("Environment {} ({}): cleanup done", environment.name(), environment.id());
    }
  }

  private EnvironmentLeases.Lease lease(java.util.UUID environment) {
    return leases.take(environment).orElseThrow(() -> new EnvironmentLeases.LeaseHeld(environment));
  }

  /** A look at the row alone (no objects), before taking the lease. */
  private boolean allows(java.util.UUID id, Trigger trigger) {
    return environments
        .row(id)
        .filter(e -> EnvironmentStateMachine.allows(e.status(), trigger))
        .isPresent();
  }

  private Optional<Environment> deleting(java.util.UUID id) {
    return environments
        .find(id)
        .filter(e -> EnvironmentStateMachine.allows(e.status(), Trigger.DELETION_DONE));
  }

  private Optional<Environment> failed(java.util.UUID id) {
    return environments
        .find(id)
        .filter(e -> EnvironmentStateMachine.allows(e.status(), Trigger.CLEANUP));
  }

  /**
   * A deletion or cleanup that left something behind, or could not reach the cluster: the task
   * fails, and db-scheduler runs it again with growing pauses until everything is gone (verified).
   */
  static final class DeletionIncomplete extends RuntimeException {
    DeletionIncomplete(String message) {
      super(message);
    }
  }

  private boolean move(Environment environment, Trigger trigger, String reason) {
    return environments.transition(
        environment.id(), EnvironmentStateMachine.on(trigger), reason, clock.instant());
  }

  /** Marks the objects deleted, except the one that failed (its message says why). */
  private void markDeleted(Environment environment, List<EnvironmentObject> objects, int failed) {
    for (int i = 0; i < objects.size(); i++) {
      if (i != failed && objects.get(i).status() != ObjectStatus.FAILED) {
        environments.updateObject(environment.id(), i, ObjectStatus.DELETED, "");
      }
    }
  }

  static List<ObjectRef> refs(List<EnvironmentObject> objects) {
    return objects.stream().map(Deprovisioner::ref).toList();
  }

  static ObjectRef ref(EnvironmentObject o) {
    return new ObjectRef(o.apiVersion(), o.kind(), o.name());
  }

  private static String describe(List<ObjectRef> refs) {
    return refs.stream().map(ObjectRef::toString).collect(Collectors.joining(", "));
  }
}
