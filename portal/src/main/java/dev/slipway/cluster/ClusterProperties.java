package dev.slipway.cluster;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.cluster.*}: which cluster environments go to.
 *
 * @param mode {@code auto} (default): a kubeconfig ({@code kubeconfig} or {@code KUBECONFIG}) or
 *     in-cluster service account selects a real cluster; otherwise the sandbox where allowed
 * @param kubeconfig path of a kubeconfig file; unset means the standard discovery
 * @param sandboxAllowed whether {@code auto} may fall back to the sandbox (the dev profile sets it)
 * @param apply {@code server-side} (field manager {@code slipway}, conflicts forced) or {@code
 *     create-or-update}; unset: server-side on a real cluster, create-or-update in the sandbox (its
 *     API server has no server-side apply)
 * @param retry how cluster calls that may succeed later (429, 5xx, no answer) are retried
 * @param impersonation whether calls act as the requesting user (the portal's service account then
 *     needs the {@code impersonate} verb on users and groups)
 * @param podSecurity the Pod Security Standard each environment namespace enforces (label {@code
 *     pod-security.kubernetes.io/enforce}): {@code restricted} when unset, {@code baseline} or
 *     {@code privileged}; empty to leave the label out
 */
@ConfigurationProperties("slipway.cluster")
public record ClusterProperties(
    @Nullable Mode mode,
    @Nullable String kubeconfig,
    boolean sandboxAllowed,
    @Nullable Apply apply,
    @Nullable Retry retry,
    @Nullable Impersonation impersonation,
    @Nullable String podSecurity) {

  /** The label Kubernetes' Pod Security admission enforces a namespace's level by. */
  public static final String POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce";

  private static final java.util.Set<String> POD_SECURITY_LEVELS =
      java.util.Set.of("privileged", "baseline", "restricted");

  /**
   * The level environment namespaces enforce; empty when the label is left out.
   *
   * @throws IllegalStateException when the setting names no Pod Security Standard
   */
  public java.util.Optional<String> podSecurityLevel() {
    if (podSecurity == null) {
      return java.util.Optional.of("restricted");
    }
    String level = podSecurity.strip();
    if (level.isEmpty()) {
      return java.util.Optional.empty();
    }
    if (!POD_SECURITY_LEVELS.contains(level)) {
      throw new IllegalStateException(
          "slipway.cluster.pod-security must be restricted, baseline, privileged or empty (no"
              + " label), not '"
              + podSecurity
              + "'");
    }
    return java.util.Optional.of(level);
  }

  /**
   * @param userPrefix put before the user name, as the cluster's OIDC settings name users (e.g.
   *     {@code oidc:}); empty by default
   * @param groupPrefix the same for groups
   */
  public record Impersonation(
      boolean enabled, @Nullable String userPrefix, @Nullable String groupPrefix) {

    public String prefixedUser(String user) {
      return (userPrefix == null ? "" : userPrefix) + user;
    }

    public String prefixedGroup(String group) {
      return (groupPrefix == null ? "" : groupPrefix) + group;
    }
  }

  /** Bounded exponential backoff with jitter; see {@code RetryPolicy}. */
  public record Retry(
      int maxAttempts,
      java.time.Duration initialBackoff,
      java.time.Duration maxBackoff,
      java.time.Duration budget) {}

  /** {@code slipway.cluster.mode}: how the cluster is chosen. */
  public enum Mode {
    /** A configured cluster (kubeconfig, in-cluster account), else the sandbox where allowed. */
    AUTO,
    /** The in-process sandbox, whatever is configured. */
    SANDBOX,
    /** A real cluster; the start fails when none is configured. */
    KUBERNETES
  }

  /** {@code slipway.cluster.apply}: how objects are written. */
  public enum Apply {
    /** Server-side apply, field manager {@code slipway}, conflicts forced. */
    SERVER_SIDE,
    /** Create, or update what exists (the sandbox's API server has no server-side apply). */
    CREATE_OR_UPDATE
  }

  public Mode modeOrAuto() {
    return mode == null ? Mode.AUTO : mode;
  }
}
