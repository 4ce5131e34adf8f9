package dev.slipway.slo.internal;

import dev.slipway.slo.ServiceLevels;
import dev.slipway.slo.ServiceObjective;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scrape configuration and the Grafana dashboard created with every environment: a
 * prometheus-operator {@code ServiceMonitor} for the environment's Services, and a dashboard in a
 * ConfigMap labelled for Grafana's dashboard sidecar. Both live in the environment's namespace with
 * its ownership labels, so they go when it goes.
 */
public final class MonitoringObjects {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Grafana's sidecar loads ConfigMaps with this label (its chart's default). */
  public static final String DASHBOARD_LABEL = "grafana_dashboard";

  private MonitoringObjects() {}

  /**
   * A ServiceMonitor scraping {@code /metrics} on every named port of the environment's Services;
   * empty when the environment has no Service.
   */
  public static List<Map<String, Object>> serviceMonitor(
      String environmentId, List<Map<String, Object>> objects) {
    Set<String> ports = new LinkedHashSet<>();
    for (Map<String, Object> object : objects) {
      if ("Service".equals(object.get("kind"))
          && object.get("spec") instanceof Map<?, ?> spec
          && spec.get("ports") instanceof List<?> list) {
        for (Object port : list) {
          if (port instanceof Map<?, ?> p && p.get("name") != null) {
            ports.add(String.valueOf(p.get("name")));
          }
        }
      }
    }
    if (ports.isEmpty()) {
      return List.of();
    }
    List<Map<String, Object>> endpoints = new ArrayList<>();
    for (String port : ports) {
      endpoints.add(Map.of("port", port, "path", "/metrics", "interval", "30s"));
    }
    return List.of(
        Map.of(
            "apiVersion",
            "monitoring.coreos.com/v1",
            "kind",
            "ServiceMonitor",
            "metadata",
            Map.of("name", "slipway"),
            "spec",
            Map.of(
                "selector",
                Map.of("matchLabels", Map.of("slipway.dev/environment", environmentId)),
                "endpoints",
                endpoints)));
  }

  /**
   * A dashboard with, for each objective, its SLI, the budget left and the burn rates, from the
   * recording rules of the service's generated PrometheusRule.
   */
  /** How the dashboard reaches Grafana. */
  public enum DashboardForm {
    /** A ConfigMap labelled for Grafana's dashboard sidecar. */
    CONFIGMAP,
    /** A grafana-operator {@code GrafanaDashboard} for the Grafana instances it selects. */
    GRAFANA_OPERATOR
  }

  public static Map<String, Object> dashboard(
      List<ServiceObjective> objectives, DashboardForm form, Map<String, String> instanceSelector) {
    String service = objectives.getFirst().service();
    List<Map<String, Object>> panels = new ArrayList<>();
    int y = 0;
    int id = 1;
    for (ServiceObjective o : objectives) {
      String selector = "{sloth_service=\"" + service + "\",sloth_slo=\"" + o.name() + "\"}";
      panels.add(row(id++, y, o.name() + ": " + ServiceLevels.describe(o)));
      y++;
      panels.add(
          timeseries(
              id++,
              0,
              y,
              "SLI (good events)",
              "1 - slo:sli_error:ratio_rate5m" + selector,
              "percentunit"));
      panels.add(
          timeseries(
              id++,
              8,
              y,
              "Error budget remaining (" + o.window() + ")",
              "slo:period_error_budget_remaining:ratio" + selector,
              "percentunit"));
      panels.add(
          timeseries(
              id++,
              16,
              y,
              "Burn rate (1 = budget spent exactly over the window)",
              "slo:current_burn_rate:ratio" + selector,
              "none"));
      y += 8;
    }
    Map<String, Object> dashboard = new LinkedHashMap<>();
    dashboard.put("title", "Slipway: " + service);
    // Grafana allows 40 characters: the environment's id without dashes fits, and is unique.
    dashboard.put(
        "uid", "slipway-" + objectives.getFirst().environment().toString().replace("-", ""));
    dashboard.put("tags", List.of("slipway", "slo"));
    dashboard.put("timezone", "utc");
    dashboard.put("schemaVersion", 39);
    dashboard.put("time", Map.of("from", "now-30d", "to", "now"));
    dashboard.put("panels", panels);
    String json = JSON.writeValueAsString(dashboard);
    if (form == DashboardForm.GRAFANA_OPERATOR) {
      return Map.of(
          "apiVersion",
          "grafana.integreatly.org/v1beta1",
          "kind",
          "GrafanaDashboard",
          "metadata",
          Map.of("name", "slipway-dashboard"),
          "spec",
          Map.of(
              "instanceSelector",
              Map.of("matchLabels", instanceSelector),
              "allowCrossNamespaceImport",
              true,
              "json",
              json));
    }
    return Map.of(
        "apiVersion",
        "v1",
        "kind",
        "ConfigMap",
        "metadata",
        Map.of("name", "slipway-dashboard", "labels", Map.of(DASHBOARD_LABEL, "1")),
        "data",
        Map.of("slipway-" + service + ".json", json));
  }

  private static Map<String, Object> row(int id, int y, String title) {
    return Map.of(
        "id",
        id,
        "type",
        "row",
        "title",
        title,
        "gridPos",
        Map.of("h", 1, "w", 24, "x", 0, "y", y));
  }

  private static Map<String, Object> timeseries(
      int id, int x, int y, String title, String expr, String unit) {
    return Map.of(
        "id",
        id,
        "type",
        "timeseries",
        "title",
        title,
        "gridPos",
        Map.of("h", 8, "w", 8, "x", x, "y", y),
        "fieldConfig",
        Map.of("defaults", Map.of("unit", unit)),
        "targets",
        List.of(Map.of("refId", "A", "expr", expr)));
  }
}
