package dev.slipway.cluster.internal;

import dev.slipway.cluster.ClusterException;
import dev.slipway.cluster.ClusterMode;
import dev.slipway.cluster.NamespacedKinds;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * At start, on a real cluster, asks API discovery about every kind a feature declared ({@link
 * NamespacedKinds}) and refuses to start, naming the kind and its setting, when one is
 * cluster-scoped there. Every call is tried once: a cluster that cannot be asked (unreachable,
 * failing) is logged and the portal starts, since the gateway refuses such a kind at apply anyway.
 * The sandbox serves no discovery and is not asked.
 */
class NamespacedKindsCheck implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(NamespacedKindsCheck.class);

  private final Fabric8ClusterGateway gateway;
  private final List<NamespacedKinds> declared;

  NamespacedKindsCheck(Fabric8ClusterGateway gateway, List<NamespacedKinds> declared) {
    this.gateway = gateway;
    this.declared = List.copyOf(declared);
  }

  @Override
  public void afterSingletonsInstantiated() {
    check();
  }

  /**
   * @throws IllegalStateException naming each declared kind the cluster serves as cluster-scoped
   */
  void check() {
    if (gateway.mode() == ClusterMode.SANDBOX) {
      return;
    }
    Fabric8ClusterGateway once = gateway.tryingOnce();
    List<String> clusterScoped = new ArrayList<>();
    List<String> notServed = new ArrayList<>();
    for (NamespacedKinds kinds : declared) {
      for (NamespacedKinds.Kind kind : kinds.kinds()) {
        Fabric8ClusterGateway.Scope scope;
        try {
          scope = once.scope(kind.group(), kind.kind());
        } catch (ClusterException unanswered) {
          log.warn(
              "Could not check {} against the cluster's API discovery ({}); starting anyway: the"
                  + " cluster gateway refuses a kind that is not namespaced when it is applied",
              kinds.setting(),
              unanswered.getMessage());
          return;
        }
        switch (scope) {
          case CLUSTER ->
              clusterScoped.add(
                  kinds.setting()
                      + ": "
                      + kind
                      + " is cluster-scoped on this cluster (API discovery); only namespaced kinds"
                      + " may be listed, remove it");
          case NOT_SERVED -> notServed.add(kind.toString());
          case NAMESPACED -> {}
        }
      }
      if (!notServed.isEmpty()) {
        log.info(
            "{}: this cluster does not serve {}; objects of these kinds are refused until it does",
            kinds.setting(),
            String.join(", ", notServed));
        notServed.clear();
      }
    }
    if (!clusterScoped.isEmpty()) {
      throw new IllegalStateException(String.join("; ", clusterScoped));
    }
  }
}
