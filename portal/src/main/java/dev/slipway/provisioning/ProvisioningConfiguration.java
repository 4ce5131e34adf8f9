package dev.slipway.provisioning;

import com.github.kagkarlsson.scheduler.boot.autoconfigure.Jackson3Serializer;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The durable tasks, on db-scheduler: any portal instance on the database may run any of them, one
 * at a time per task instance; an instance that dies mid-task stops sending heartbeats and another
 * revives its work (see {@code db-scheduler.*} in application.yaml for the timings).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProvisioningProperties.class)
class ProvisioningConfiguration {

  /**
   * An environment request's body: room for parameters of up to 64 KiB each (certificates,
   * configuration files) without letting one request hold the heap.
   */
  @Bean
  dev.slipway.shared.BodyLimit environmentRequestLimit(
      @org.springframework.beans.factory.annotation.Value(
              "${slipway.provisioning.max-request-bytes:1048576}")
          long maxBytes) {
    return new dev.slipway.shared.BodyLimit(
        "POST", "/api/v1/environments", maxBytes, "slipway.provisioning.max-request-bytes");
  }

  /** Task data as readable JSON: ids and names only (see {@link ProvisioningJobs}). */
  @Bean
  DbSchedulerCustomizer slipwaySchedulerCustomizer() {
    return new DbSchedulerCustomizer() {
      @Override
      public Optional<Serializer> serializer() {
        return Optional.of(new Jackson3Serializer());
      }
    };
  }

  /**
   * Applies, then checks readiness once per execution (every {@code readiness.poll}) until done: a
   * wait for readiness holds no thread. Should the work itself throw (the database gone, say), the
   * attempt is repeated later with growing pauses: every step is idempotent, and the environment's
   * lease keeps a second execution of it from working at the same time.
   */
  @Bean
  Task<ProvisioningJobs.Provision> provisionTask(
      Provisioner provisioner, ProvisioningProperties properties, EnvironmentLeases leases) {
    Duration poll = properties.readiness().poll();
    return Tasks.custom(ProvisioningQueue.PROVISION)
        .onFailure(retryUntilDone(leases))
        .onDeadExecutionRevive()
        .execute(
            (instance, context) ->
                provisioner
                    .provision(instance.getData())
                    .<CompletionHandler<ProvisioningJobs.Provision>>map(
                        next ->
                            (complete, operations) ->
                                operations.reschedule(complete, Instant.now().plus(poll), next))
                    .orElseGet(CompletionHandler.OnCompleteRemove::new));
  }

  /**
   * Work that must happen is never given up: tried again after 5 s, doubling up to 2 minutes; an
   * execution that finds its environment's lease held waits a third of the lease's time.
   */
  private static <T> RetryUntilDone<T> retryUntilDone(EnvironmentLeases leases) {
    return new RetryUntilDone<>(Duration.ofSeconds(5), Duration.ofMinutes(2), leases.retryAfter());
  }

  /** Deletes until nothing is left (verified), across outages and restarts. */
  @Bean
  Task<ProvisioningJobs.Deletion> deleteTask(
      Deprovisioner deprovisioner, EnvironmentLeases leases) {
    return untilDone(ProvisioningQueue.DELETE, leases, deprovisioner::delete);
  }

  /** Removes what a failed attempt made until nothing is left (verified). */
  @Bean
  Task<ProvisioningJobs.Cleanup> cleanupTask(
      Deprovisioner deprovisioner, EnvironmentLeases leases) {
    return untilDone(ProvisioningQueue.CLEANUP, leases, deprovisioner::cleanUp);
  }

  /**
   * Applies an environment's monitoring after an objective changed, until it is applied: a cluster
   * that does not answer is tried again with growing pauses; an instance that dies mid-task is
   * revived.
   */
  @Bean
  Task<ProvisioningJobs.Refresh> refreshMonitoringTask(
      MonitoringRefresh refresh, EnvironmentLeases leases) {
    return untilDone(ProvisioningQueue.REFRESH, leases, refresh::refresh);
  }

  /**
   * A one-time task whose work is run again until it no longer throws, revived when its instance
   * dies.
   */
  private static <T> Task<T> untilDone(
      TaskDescriptor<T> descriptor, EnvironmentLeases leases, java.util.function.Consumer<T> work) {
    return Tasks.oneTime(descriptor)
        .onFailure(retryUntilDone(leases))
        .onDeadExecutionRevive()
        .execute((instance, context) -> work.accept(instance.getData()));
  }

  /** One instance at a time runs the expiry check, every {@code expiry.interval}. */
  @Bean
  Task<Void> expiryTask(EnvironmentExpiry expiry, ProvisioningProperties properties) {
    return Tasks.recurring("expire-environments", FixedDelay.of(properties.expiry().interval()))
        .execute(
            (instance, context) -> {
              if (properties.expiry().enabled()) {
                expiry.run();
              }
            });
  }
}
