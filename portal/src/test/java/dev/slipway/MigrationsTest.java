package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class MigrationsTest {

  @Test
  void migratesOnlyWhenAsked() {
    assertThat(Migrations.requested(new String[] {"--slipway.migrate-only=true"})).isTrue();
    assertThat(Migrations.requested(new String[] {"--slipway.migrate-only=false"})).isFalse();
    assertThat(Migrations.requested(new String[] {"--spring.profiles.active=dev"})).isFalse();
  }

  @Test
  void readsTheSettingFromTheEnvironmentAsTheChartsJobGivesIt() {
    assertThat(Migrations.requested(new String[0], environment("SLIPWAY_MIGRATEONLY", "true")))
        .isTrue();
    assertThat(Migrations.requested(new String[0], environment("SLIPWAY_MIGRATEONLY", "false")))
        .isFalse();
  }

  private static StandardEnvironment environment(String name, String value) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.<String, Object>of(name, value)));
    return environment;
  }
}
