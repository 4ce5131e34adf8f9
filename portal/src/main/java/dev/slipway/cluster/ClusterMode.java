package dev.slipway.cluster;

/** Where environments are created. */
public enum ClusterMode {
  /** An in-process Kubernetes API server that stores objects and runs nothing (dev profile). */
  SANDBOX,
  /** A real cluster, from a kubeconfig or the pod's service account. */
  KUBERNETES
}
