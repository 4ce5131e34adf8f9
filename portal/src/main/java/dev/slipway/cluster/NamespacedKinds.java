package dev.slipway.cluster;

import java.util.List;

/**
 * Kinds a feature will ask the gateway to create, declared as a bean by that feature: each must be
 * namespaced. On a real cluster the portal checks them against API discovery at start and does not
 * start when one is cluster-scoped there; when the cluster cannot be asked it starts, and the
 * gateway refuses such a kind when it is applied.
 *
 * @param setting where the kinds are configured, for the message (e.g. {@code
 *     slipway.catalog.allowed-kinds})
 * @param kinds the kinds
 */
public record NamespacedKinds(String setting, List<Kind> kinds) {

  public NamespacedKinds {
    kinds = List.copyOf(kinds);
  }

  /** One kind in one API group; the core group is the empty string. */
  public record Kind(String group, String kind) {

    /** Kubernetes' own spelling: {@code Kind.group}, or {@code Kind} for the core group. */
    @Override
    public String toString() {
      return group.isEmpty() ? kind : kind + "." + group;
    }
  }
}
