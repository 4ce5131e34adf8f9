package dev.slipway.slo;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.prometheus.*}: where error budgets are read.
 *
 * @param url Prometheus' base URL (its HTTP API is under {@code /api/v1}); unset: budgets are
 *     unknown and the views say so
 * @param bearerToken sent as {@code Authorization: Bearer …} (e.g. a service-account token for
 *     OpenShift's Thanos querier)
 * @param username basic auth instead, with {@code password}
 * @param timeout for each query
 * @param refresh how old the fleet's budgets may be before they are read again
 */
@ConfigurationProperties("slipway.prometheus")
public record PrometheusProperties(
    @Nullable String url,
    @Nullable String bearerToken,
    @Nullable String username,
    @Nullable String password,
    @Nullable Duration timeout,
    @Nullable Duration refresh) {

  Duration timeoutOrDefault() {
    return timeout == null ? Duration.ofSeconds(5) : timeout;
  }

  Duration refreshOrDefault() {
    return refresh == null ? Duration.ofMinutes(1) : refresh;
  }
}
