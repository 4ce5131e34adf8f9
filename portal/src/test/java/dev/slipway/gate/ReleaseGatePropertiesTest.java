package dev.slipway.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The gate's closed choices are read as the values they name; anything else stops the start. */
class ReleaseGatePropertiesTest {

  private static ReleaseGateProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bind("slipway.release-gate", ReleaseGateProperties.class)
        .get();
  }

  @Test
  void readsTheClosedChoicesAsWrittenInTheConfiguration() {
    ReleaseGateProperties properties =
        bind(
            Map.of(
                "slipway.release-gate.when-unknown", "fail-closed",
                "slipway.release-gate.webhook.format", "generic"));
    assertThat(properties.settings().unknown()).isEqualTo(GatePolicy.UnknownMode.FAIL_CLOSED);
    assertThat(properties.webhook().format())
        .isEqualTo(ReleaseGateProperties.Webhook.Format.GENERIC);
    assertThat(bind(Map.of("slipway.release-gate.freeze-at", "0")).settings().unknown())
        .as("the default")
        .isEqualTo(GatePolicy.UnknownMode.FAIL_OPEN);
  }

  @Test
  void aValueNotOfTheChoiceNamesThePropertyAndTheValuesItTakes() {
    assertThatThrownBy(() -> bind(Map.of("slipway.release-gate.when-unknown", "maybe")))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("slipway.release-gate.when-unknown")
        .rootCause()
        .hasMessageContaining("maybe");
    assertThatThrownBy(() -> bind(Map.of("slipway.release-gate.webhook.format", "teams")))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("slipway.release-gate.webhook.format");
  }
}
