package dev.slipway.cluster;

import java.util.List;

/**
 * Whom cluster calls are made as, when impersonation is on: the person who asked, so the cluster's
 * RBAC, quotas and audit log see them rather than the portal.
 *
 * @param user the Kubernetes user name (before the configured prefix)
 * @param groups the user's groups (before the configured prefix)
 */
public record Actor(String user, List<String> groups) {

  public Actor {
    groups = List.copyOf(groups);
  }
}
