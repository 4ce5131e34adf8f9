package dev.slipway.provisioning;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import dev.slipway.cluster.Actor;
import dev.slipway.shared.AfterCommit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Puts provisioning and deletion work on db-scheduler's table, in the caller's transaction: an
 * environment's row and its task are stored together or not at all, and any portal instance may
 * pick the task up. After the commit, this instance looks for due work at once instead of waiting
 * for its next poll.
 */
@Component
class ProvisioningQueue {

  static final TaskDescriptor<ProvisioningJobs.Provision> PROVISION =
      TaskDescriptor.of("provision-environment", ProvisioningJobs.Provision.class);
  static final TaskDescriptor<ProvisioningJobs.Deletion> DELETE =
      TaskDescriptor.of("delete-environment", ProvisioningJobs.Deletion.class);
  static final TaskDescriptor<ProvisioningJobs.Cleanup> CLEANUP =
      TaskDescriptor.of("clean-up-environment", ProvisioningJobs.Cleanup.class);
  static final TaskDescriptor<ProvisioningJobs.Refresh> REFRESH =
      TaskDescriptor.of("refresh-monitoring", ProvisioningJobs.Refresh.class);

  /** How long values given with a request wait, in memory, for the task that uses them. */
  private static final Duration HAND_OFF_TTL = Duration.ofHours(1);

  private final ObjectProvider<SchedulerClient> scheduler;
  private final Clock clock;
  private final Map<UUID, HandOff> handOffs = new ConcurrentHashMap<>();

  private record HandOff(Map<String, String> values, Instant until) {}

  /** The scheduler is looked up when used: it is built from the tasks, whose work queues more. */
  ProvisioningQueue(ObjectProvider<SchedulerClient> scheduler, Clock clock) {
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /**
   * Queues provisioning; {@code secretValues} (those given with the request that are never stored)
   * stay in this instance's memory for the task.
   */
  void provision(ProvisioningJobs.Provision job, Map<String, String> secretValues) {
    Instant now = clock.instant();
    handOffs.values().removeIf(h -> h.until().isBefore(now));
    if (!secretValues.isEmpty()) {
      handOffs.put(
          job.environment(), new HandOff(Map.copyOf(secretValues), now.plus(HAND_OFF_TTL)));
    }
    scheduler
        .getObject()
        .schedule(
            PROVISION.instance(job.environment().toString()).data(job).scheduledTo(Instant.now()));
    checkAfterCommit();
  }

  /**
   * Queues deletion unless one is already queued or running.
   *
   * @return false when one is
   */
  boolean delete(UUID environment, Actor actor) {
    boolean queued =
        scheduler
            .getObject()
            .scheduleIfNotExists(
                DELETE
                    .instance(environment.toString())
                    .data(new ProvisioningJobs.Deletion(environment, actor.user(), actor.groups()))
                    .scheduledTo(Instant.now()));
    if (queued) {
      checkAfterCommit();
    }
    return queued;
  }

  /**
   * Queues the cleanup of a failed environment, in the caller's transaction (the one that records
   * the failure), unless one is queued already.
   */
  void cleanUp(ProvisioningJobs.Cleanup job) {
    if (scheduler
        .getObject()
        .scheduleIfNotExists(
            CLEANUP.instance(job.environment().toString()).data(job).scheduledTo(Instant.now()))) {
      checkAfterCommit();
    }
  }

  /**
   * Queues applying an environment's monitoring again. Each change gets its own task: one already
   * running may have read the objectives before this change.
   */
  void refreshMonitoring(ProvisioningJobs.Refresh job) {
    scheduler
        .getObject()
        .schedule(
            REFRESH
                .instance(job.environment() + "/" + UUID.randomUUID())
                .data(job)
                .scheduledTo(Instant.now()));
    checkAfterCommit();
  }

  /** The values given with the request, when this instance received it. */
  Optional<Map<String, String>> secretValues(UUID environment) {
    return Optional.ofNullable(handOffs.get(environment)).map(HandOff::values);
  }

  void forget(UUID environment) {
    handOffs.remove(environment);
  }

  private void checkAfterCommit() {
    if (!(scheduler.getObject() instanceof Scheduler local)) {
      return;
    }
    AfterCommit.run(local::triggerCheckForDueExecutions);
  }
}
