package dev.slipway.slo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.slo.Indicator;
import dev.slipway.slo.ServiceObjective;
import dev.slipway.slo.SloWindow;
import dev.slipway.slo.Threshold;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MonitoringObjectsTest {

  static final UUID ID = UUID.fromString("5b0c0a3e-0000-4000-8000-000000000003");
  static final List<ServiceObjective> OBJECTIVES =
      List.of(
          new ServiceObjective(
              ID,
              "shop",
              "env-shop",
              "availability",
              Indicator.AVAILABILITY,
              99.9,
              SloWindow.DAYS_30,
              null,
              Instant.EPOCH,
              "t"),
          new ServiceObjective(
              ID,
              "shop",
              "env-shop",
              "latency-p50",
              Indicator.LATENCY,
              50,
              SloWindow.DAYS_30,
              new Threshold(Duration.ofMillis(300)),
              Instant.EPOCH,
              "t"));

  static Map<String, Object> service(Object... ports) {
    return Map.of("kind", "Service", "spec", Map.of("ports", List.of(ports)));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theServiceMonitorScrapesEveryNamedPortOfTheServices() {
    List<Map<String, Object>> monitor =
        MonitoringObjects.serviceMonitor(
            ID.toString(),
            List.of(
                service(Map.of("name", "web", "port", 8080), Map.of("port", 9999)),
                service(
                    Map.of("name", "web", "port", 8080), Map.of("name", "metrics", "port", 9090)),
                Map.of("kind", "ConfigMap")));
    assertThat(monitor).hasSize(1);
    Map<String, Object> spec = (Map<String, Object>) monitor.getFirst().get("spec");
    assertThat(spec.get("selector"))
        .isEqualTo(Map.of("matchLabels", Map.of("slipway.dev/environment", ID.toString())));
    assertThat((List<Map<String, Object>>) spec.get("endpoints"))
        .extracting(e -> e.get("port"))
        .containsExactly("web", "metrics");
    assertThat(MonitoringObjects.serviceMonitor(ID.toString(), List.of(service(Map.of("port", 1)))))
        .as("nothing named to scrape")
        .isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDashboardShowsSliBudgetAndBurnRateForEachObjective() {
    Map<String, Object> configMap =
        MonitoringObjects.dashboard(
            OBJECTIVES, MonitoringObjects.DashboardForm.CONFIGMAP, Map.<String, String>of());
    assertThat(((Map<String, Object>) configMap.get("metadata")).get("labels"))
        .isEqualTo(Map.of("grafana_dashboard", "1"));
    JsonNode dashboard =
        JsonMapper.builder()
            .build()
            .readTree(((Map<String, String>) configMap.get("data")).get("slipway-shop.json"));
    assertThat(dashboard.path("panels").size()).isEqualTo(2 * 4);
    assertThat(dashboard.path("panels").get(1).path("targets").get(0).path("expr").asString())
        .isEqualTo(
            "1 - slo:sli_error:ratio_rate5m{sloth_service=\"shop\",sloth_slo=\"availability\"}");

    Map<String, Object> operator =
        MonitoringObjects.dashboard(
            OBJECTIVES,
            MonitoringObjects.DashboardForm.GRAFANA_OPERATOR,
            Map.of("dashboards", "grafana"));
    assertThat(operator.get("kind")).isEqualTo("GrafanaDashboard");
    Map<String, Object> spec = (Map<String, Object>) operator.get("spec");
    assertThat(spec.get("instanceSelector"))
        .isEqualTo(Map.of("matchLabels", Map.of("dashboards", "grafana")));
    assertThat((String) spec.get("json"))
        .contains("\"title\":\"Slipway: shop\"")
        .contains("\"uid\":\"slipway-5b0c0a3e000040008000000000000003\"");
  }
}
