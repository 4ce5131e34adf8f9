package dev.slipway.slo;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.slo.*}: how each service's monitoring is created.
 *
 * @param dashboard {@code configmap} (default): a ConfigMap labelled {@code grafana_dashboard: "1"}
 *     for Grafana's dashboard sidecar; {@code grafana-operator}: a {@code GrafanaDashboard}
 * @param grafanaInstanceSelector with {@code grafana-operator}: the labels of the Grafana instances
 *     that take the dashboards (default {@code dashboards: grafana})
 */
@ConfigurationProperties("slipway.slo")
record SloProperties(
    @Nullable Dashboard dashboard, @Nullable Map<String, String> grafanaInstanceSelector) {

  /** {@code slipway.slo.dashboard}: how each service's dashboard reaches Grafana. */
  public enum Dashboard {
    /** A ConfigMap labelled {@code grafana_dashboard: "1"} for Grafana's dashboard sidecar. */
    CONFIGMAP,
    /** A {@code GrafanaDashboard} of the Grafana operator. */
    GRAFANA_OPERATOR
  }
}
