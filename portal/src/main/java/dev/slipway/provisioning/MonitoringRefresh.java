package dev.slipway.provisioning;

import dev.slipway.cluster.ClusterException;
import dev.slipway.cluster.ClusterGateway;
import dev.slipway.slo.ServiceLevels;
import dev.slipway.slo.SloEvents.ObjectiveChanged;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When an SRE changes an objective, the environment's rules and dashboard in the cluster follow at
 * once: they are applied again, as the portal, over the ones provisioning created.
 */
@Component
class MonitoringRefresh {

  private static final Logger log = LoggerFactory.getLogger(MonitoringRefresh.class);

  private final EnvironmentRepository environments;
  private final ServiceLevels serviceLevels;
  private final ClusterGateway cluster;

  MonitoringRefresh(
      EnvironmentRepository environments, ServiceLevels serviceLevels, ClusterGateway cluster) {
    this.environments = environments;
    this.serviceLevels = serviceLevels;
    this.cluster = cluster;
  }

  @EventListener
  void objectiveChanged(ObjectiveChanged changed) {
    Environment environment = environments.find(changed.environment()).orElse(null);
    if (environment == null
        || (environment.status() != EnvironmentStatus.READY
            && environment.status() != EnvironmentStatus.PROVISIONING)) {
      // Not in the cluster (yet, or any more): provisioning applies what is recorded then.
      return;
    }
    Map<String, String> ownership = EnvironmentPlan.ownershipLabels(environment);
    try {
      for (Map<String, Object> object :
          serviceLevels.rulesAndDashboard(serviceLevels.of(environment.id()))) {
        cluster.apply(environment.namespace(), object, ownership);
      }
    } catch (ClusterException e) {
      // The change is recorded; the cluster catches up when the environment is provisioned again.
      log.warn(
          "Monitoring of environment {} not updated after {} changed: {}",
          environment.name(),
          changed.name(),
          e.getMessage());
      return;
    }
    log.info(
        "Monitoring of environment {} updated: {} changed by an SRE",
        environment.name(),
        changed.name());
  }
}
