package dev.slipway.provisioning;

import dev.slipway.cluster.Actor;
import dev.slipway.cluster.ClusterGateway;
import dev.slipway.cluster.ObjectRef;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentDeleted;
import dev.slipway.provisioning.EnvironmentStateMachine.Trigger;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Removes what an environment made: the work of the durable deletion task, and the cleanup after a
 * failed provisioning attempt. Deletion selects by the environment's label inside its namespace,
 * then deletes the namespace, and verifies that nothing is left.
 */
@Component
class Deprovisioner {

  private static final Logger log = LoggerFactory.getLogger(Deprovisioner.class);

  private final EnvironmentRepository environments;
  private final ClusterGateway cluster;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Deprovisioner(
      EnvironmentRepository environments,
      ClusterGateway cluster,
      ApplicationEventPublisher events,
      Clock clock) {
    this.environments = environments;
    this.cluster = cluster;
    this.events = events;
    this.clock = clock;
  }

  /**
   * One execution of a deletion task, acting as the person who deleted (or, for expiry, the
   * requester). Nothing to do when the environment is no longer being deleted.
   */
  void delete(ProvisioningJobs.Deletion job) {
    Optional<Environment> found =
        environments
            .find(job.environment())
            .filter(e -> EnvironmentStateMachine.allows(e.status(), Trigger.DELETION_DONE));
    if (found.isEmpty()) {
      return;
    }
    Environment environment = found.get();
    Actor actor = new Actor(job.actor(), job.actorGroups());
    try {
      List<ObjectRef> remaining =
          cluster
              .actingAs(actor)
              .deleteEnvironment(
                  environment.namespace(),
                  environment.id().toString(),
                  refs(environment.objects()));
      if (!remaining.isEmpty()) {
        String reason = "Still present after deletion: " + describe(remaining);
        move(environment, Trigger.DELETION_INCOMPLETE, reason + ". Deleting again shortly.");
        // The task is tried again with growing pauses until nothing is left.
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
    } catch (DeletionIncomplete e) {
      throw e;
    } catch (RuntimeException e) {
      log.warn("Deleting environment {} failed: {}", environment.id(), e.getMessage());
      move(
          environment,
          Trigger.DELETION_INCOMPLETE,
          "Deletion failed: " + e.getMessage() + ". Deleting again shortly.");
      throw new DeletionIncomplete("Deletion failed: " + e.getMessage());
    }
  }

  /**
   * A deletion that left something behind, or could not reach the cluster: the task fails, and
   * db-scheduler runs it again with growing pauses until everything is gone (verified).
   */
  static final class DeletionIncomplete extends RuntimeException {
    DeletionIncomplete(String message) {
      super(message);
    }
  }

  /**
   * Removes whatever a failed attempt created, as its requester; says whether anything is left.
   *
   * @param failed the index of the object that failed (its message says why), or -1
   */
  String cleanUp(
      Environment environment,
      List<EnvironmentObject> planned,
      int failed,
      UnaryOperator<String> redact) {
    try {
      List<ObjectRef> remaining =
          cluster
              .actingAs(EnvironmentPlan.requester(environment))
              .deleteEnvironment(
                  environment.namespace(), environment.id().toString(), refs(planned));
      if (remaining.isEmpty()) {
        markDeleted(environment, planned, failed);
        return "Everything created for it was removed.";
      }
      return "Cleanup left " + describe(remaining) + "; delete the environment to retry.";
    } catch (RuntimeException cleanupFailure) {
      return "Cleanup failed too ("
          + redact.apply(String.valueOf(cleanupFailure.getMessage()))
          + "); delete the environment to retry.";
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
