package dev.slipway.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** How dashboards reach Grafana is a closed choice; anything else stops the start. */
class SloPropertiesTest {

  private static SloProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bind("slipway.slo", SloProperties.class)
        .get();
  }

  @Test
  void readsTheDashboardFormAsWrittenInTheConfiguration() {
    assertThat(bind(Map.of("slipway.slo.dashboard", "grafana-operator")).dashboard())
        .isEqualTo(SloProperties.Dashboard.GRAFANA_OPERATOR);
    assertThat(bind(Map.of("slipway.slo.dashboard", "configmap")).dashboard())
        .isEqualTo(SloProperties.Dashboard.CONFIGMAP);
  }

  @Test
  void aValueNotOfTheChoiceNamesThePropertyAndTheValue() {
    assertThatThrownBy(() -> bind(Map.of("slipway.slo.dashboard", "grafana")))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("slipway.slo.dashboard")
        .rootCause()
        .hasMessageContaining("grafana");
  }
}
