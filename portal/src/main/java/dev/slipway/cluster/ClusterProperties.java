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
 */
@ConfigurationProperties("slipway.cluster")
public record ClusterProperties(
    @Nullable String mode,
    @Nullable String kubeconfig,
    boolean sandboxAllowed,
    @Nullable String apply,
    @Nullable Retry retry) {

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
