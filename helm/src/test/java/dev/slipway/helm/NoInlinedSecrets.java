package dev.slipway.helm;

import static dev.slipway.helm.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Pattern;

/** Secrets reach the portal only as references to existing Secrets, never as rendered values. */
final class NoInlinedSecrets {

  /** Names of settings that hold secrets: passwords, client secrets, tokens, keys. */
  static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(password|secret|token|generator.?key|checkpoint.?key|credential|webhook).*");

  /** Base64 of 32 or more bytes, as a generator key or a token would look. */
  static final Pattern SECRET_VALUE = Pattern.compile("[A-Za-z0-9+/]{43,}={0,2}");

  private NoInlinedSecrets() {}

  static void assertNoneIn(RenderedChart chart) {
    assertThat(chart.kinds()).doesNotContain("Secret");
    assertNoneIn(chart.env());
    if (chart.kinds().contains("Job")) {
      assertNoneIn(RenderedChart.envOf(chart.migrationsContainer()));
    }
    assertNoSecretKeys("application.yaml", chart.applicationConfig());
  }

  private static void assertNoneIn(Map<String, Map<String, Object>> env) {
    env.forEach(
        (name, variable) -> {
          if (variable.containsKey("value")) {
            assertThat(name)
                .as("%s has a literal value: secrets come from secretKeyRef", name)
                .doesNotMatch(SECRET_NAME);
            assertThat(String.valueOf(variable.get("value")))
                .as("value of %s", name)
                .doesNotMatch(SECRET_VALUE);
          } else {
            assertThat(RenderedChart.at(variable, "valueFrom", "secretKeyRef", "name"))
                .as("%s comes from an existing Secret", name)
                .isNotNull();
          }
        });
  }

  private static void assertNoSecretKeys(String path, Map<String, Object> config) {
    config.forEach(
        (key, value) -> {
          String where = path + " " + key;
          if (value instanceof Map<?, ?> nested) {
            assertNoSecretKeys(where, map(nested));
          } else {
            assertThat(key).as(where).doesNotMatch(SECRET_NAME);
            assertThat(String.valueOf(value)).as(where).doesNotMatch(SECRET_VALUE);
          }
        });
  }
}
