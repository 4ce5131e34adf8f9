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
 */
@ConfigurationProperties("slipway.cluster")
public record ClusterProperties(
    @Nullable String mode,
    @Nullable String kubeconfig,
    boolean sandboxAllowed,
    @Nullable String apply,
    @Nullable Retry retry,
    @Nullable Impersonation impersonation) {

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

  public String modeOrAuto() {
    return mode == null || mode.isBlank()
        ? "auto"
        : mode.strip().toLowerCase(java.util.Locale.ROOT);
  }
}
