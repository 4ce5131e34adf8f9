package dev.slipway.provisioning;

import com.github.kagkarlsson.scheduler.boot.autoconfigure.Jackson3Serializer;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
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
   * Applies, then checks readiness once per execution (every {@code readiness.poll}) until done.
   * Should the work itself throw (the database gone, say), the attempt is repeated later with
   * growing pauses: every step is idempotent.
   */
  @Bean
  Task<ProvisioningJobs.Provision> provisionTask(
      Provisioner provisioner, ProvisioningProperties properties) {
    Duration poll = properties.readiness().poll();
    return Tasks.custom(ProvisioningQueue.PROVISION)
        .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(10)))
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

  @Bean
  Task<ProvisioningJobs.Deletion> deleteTask(Deprovisioner deprovisioner) {
    return Tasks.oneTime(ProvisioningQueue.DELETE)
        .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(10)))
        .onDeadExecutionRevive()
        .execute((instance, context) -> deprovisioner.delete(instance.getData()));
  }

  /**
   * Applies an environment's monitoring after an objective changed. A cluster that does not answer
   * is tried again with growing pauses, a bounded number of times (then the monitoring catches up
   * when the environment is provisioned again); an instance that dies mid-task is revived.
   */
  @Bean
  Task<ProvisioningJobs.Refresh> refreshMonitoringTask(MonitoringRefresh refresh) {
    return Tasks.oneTime(ProvisioningQueue.REFRESH)
        .onFailure(
            new FailureHandler.MaxRetriesFailureHandler<>(
                8, new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(10))))
        .onDeadExecutionRevive()
        .execute((instance, context) -> refresh.refresh(instance.getData()));
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
