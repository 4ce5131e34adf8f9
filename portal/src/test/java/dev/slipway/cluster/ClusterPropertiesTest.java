package dev.slipway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The cluster's closed choices are read as the values they name; anything else stops the start. */
class ClusterPropertiesTest {

  private static ClusterProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bind("slipway.cluster", ClusterProperties.class)
        .get();
  }

  @Test
  void readsTheClosedChoicesAsWrittenInTheConfiguration() {
    ClusterProperties properties =
        bind(
            Map.of(
                "slipway.cluster.mode", "kubernetes",
                "slipway.cluster.apply", "create-or-update"));
    assertThat(properties.modeOrAuto()).isEqualTo(ClusterProperties.Mode.KUBERNETES);
    assertThat(properties.apply()).isEqualTo(ClusterProperties.Apply.CREATE_OR_UPDATE);
    assertThat(bind(Map.of("slipway.cluster.apply", "server-side")).apply())
        .isEqualTo(ClusterProperties.Apply.SERVER_SIDE);
    assertThat(bind(Map.of("slipway.cluster.mode", "sandbox")).modeOrAuto())
        .isEqualTo(ClusterProperties.Mode.SANDBOX);
    ClusterProperties defaults = bind(Map.of("slipway.cluster.sandbox-allowed", "true"));
    assertThat(defaults.modeOrAuto()).as("the default").isEqualTo(ClusterProperties.Mode.AUTO);
    assertThat(defaults.apply()).as("chosen by the cluster").isNull();
  }

  @Test
  void aValueNotOfTheChoiceNamesThePropertyAndTheValue() {
    assertThatThrownBy(() -> bind(Map.of("slipway.cluster.mode", "openshift")))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("slipway.cluster.mode")
        .rootCause()
        .hasMessageContaining("openshift");
    assertThatThrownBy(() -> bind(Map.of("slipway.cluster.apply", "merge")))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("slipway.cluster.apply")
        .rootCause()
        .hasMessageContaining("merge");
  }
}
