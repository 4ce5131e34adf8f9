package dev.slipway.provisioning;

/**
 * Lifecycle of an environment (ARCHITECTURE.md): REQUESTED → PROVISIONING → READY | FAILED →
 * DELETING → DELETED; a request that needs approval waits in AWAITING_APPROVAL and ends REJECTED
 * when an SRE turns it down.
 */
public enum EnvironmentStatus {
  REQUESTED,
  /** The template needs an SRE's approval; nothing is in the cluster yet. */
  AWAITING_APPROVAL,
  PROVISIONING,
  READY,
  FAILED,
  DELETING,
  DELETED,
  /** An SRE turned the request down: final, nothing was created, nothing to retry. */
  REJECTED;

  /** Whether work is still under way, so a view should keep watching. */
  public boolean inProgress() {
    return this == REQUESTED || this == PROVISIONING || this == DELETING;
  }
}
