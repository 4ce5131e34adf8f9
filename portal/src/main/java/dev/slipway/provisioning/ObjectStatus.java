package dev.slipway.provisioning;

/** What happened to one object of an environment. */
public enum ObjectStatus {
  /** Rendered, not yet sent to the cluster. */
  PENDING,
  /** Accepted by the cluster; readiness is observed by the provisioning engine (a later issue). */
  APPLIED,
  /** Ready. In the sandbox, an object is ready once the API server accepted it. */
  READY,
  /** The cluster refused it; the message says what the cluster answered. */
  FAILED,
  /** Removed from the cluster. */
  DELETED
}
