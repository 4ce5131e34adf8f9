package dev.slipway.provisioning;

import dev.slipway.cluster.ClusterGateway;
import dev.slipway.slo.ServiceLevels;
import dev.slipway.slo.SloEvents.ObjectiveChanged;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When an SRE changes an objective, the environment's rules and dashboard in the cluster follow:
 * they are applied again, as the portal, over the ones provisioning created. The change and a
 * {@code refresh-monitoring} task are stored in one transaction, so the refresh happens even when
 * the instance that took the change dies first (any instance runs the task; a cluster that does not
 * answer is tried again later, until applied). It holds the environment's lease while it applies.
 */
@Component
class MonitoringRefresh {

  private static final Logger log = LoggerFactory.getLogger(MonitoringRefresh.class);

  private final EnvironmentRepository environments;
  private final ServiceLevels serviceLevels;
  private final ClusterGateway cluster;
  private final ProvisioningQueue queue;
  private final EnvironmentLeases leases;
  private final AtomicInteger refreshed = new AtomicInteger();

  MonitoringRefresh(
      EnvironmentRepository environments,
      ServiceLevels serviceLevels,
      ClusterGateway cluster,
      ProvisioningQueue queue,
      EnvironmentLeases leases) {
    this.environments = environments;
    this.serviceLevels = serviceLevels;
    this.cluster = cluster;
    this.queue = queue;
    this.leases = leases;
  }

  /** In the change's transaction: the task is stored with it or not at all. */
  @EventListener
  void objectiveChanged(ObjectiveChanged changed) {
    queue.refreshMonitoring(new ProvisioningJobs.Refresh(changed.environment(), changed.name()));
  }

  /**
   * The task's work: applies what is recorded now, so a refresh that runs late or twice writes the
   * newest objectives. A {@code ClusterException} is thrown on, for the task to be tried again.
   */
  void refresh(ProvisioningJobs.Refresh job) {
    UUID id = job.environment();
    Environment environment = environments.find(id).orElse(null);
    if (environment == null
        || (environment.status() != EnvironmentStatus.READY
            && environment.status() != EnvironmentStatus.PROVISIONING)) {
      // Not in the cluster (yet, or any more): provisioning applies what is recorded then.
      return;
    }
    // Not while provisioning, a cleanup or a deletion of the environment works on it.
    try (EnvironmentLeases.Lease lease =
        leases.take(id).orElseThrow(() -> new EnvironmentLeases.LeaseHeld(id))) {
      Map<String, String> ownership = EnvironmentPlan.ownershipLabels(environment);
      for (Map<String, Object> object :
          serviceLevels.rulesAndDashboard(serviceLevels.of(environment.id()))) {
        lease.check();
        cluster.apply(environment.namespace(), object, ownership);
      }
    }
    refreshed.incrementAndGet();
    log.info(
        "Monitoring of environment {} updated: {} changed by an SRE",
        environment.name(),
        job.objective());
  }

  /** Refreshes this instance completed, for tests. */
  int refreshedCount() {
    return refreshed.get();
  }
}
