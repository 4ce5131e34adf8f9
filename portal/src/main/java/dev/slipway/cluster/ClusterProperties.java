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
 */
@ConfigurationProperties("slipway.cluster")
public record ClusterProperties(
    @Nullable String mode, @Nullable String kubeconfig, boolean sandboxAllowed) {

  public String modeOrAuto() {
    return mode == null || mode.isBlank()
        ? "auto"
        : mode.strip().toLowerCase(java.util.Locale.ROOT);
  }
}
