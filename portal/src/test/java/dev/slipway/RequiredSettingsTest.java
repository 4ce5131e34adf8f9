package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class RequiredSettingsTest {

  @Test
  void refusesToStartWithoutDatabaseIdentityProviderAndCheckpointKeyOutsideDev() {
    StandardEnvironment environment = new StandardEnvironment();
    assertThatThrownBy(() -> RequiredSettings.check(environment))
        .isInstanceOf(RequiredSettings.MissingSettingsException.class)
        .hasMessageContaining("spring.datasource.url")
        .hasMessageContaining("slipway.security.oidc.issuer-uri")
        .hasMessageContaining("slipway.security.oidc.client-id")
        .hasMessageContaining("slipway.security.oidc.client-secret")
        .hasMessageContaining("slipway.audit.checkpoint-key")
        .hasMessageContaining("SPRING_DATASOURCE_URL");
  }

  @Test
  void namesOnlyWhatIsMissing() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "given",
                Map.of(
                    "spring.datasource.url", "jdbc:postgresql://db/slipway",
                    "slipway.security.oidc.issuer-uri", "https://sso.example.com/realms/x",
                    "slipway.security.oidc.client-id", "slipway")));
    assertThatThrownBy(() -> RequiredSettings.check(environment))
        .hasMessageContaining("slipway.security.oidc.client-secret")
        .hasMessageContaining("slipway.audit.checkpoint-key")
        .hasMessageNotContaining("spring.datasource.url");
  }

  @Test
  void theCheckpointKeyAloneIsNamedAndItsEnvironmentVariableShown() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "given",
                Map.of(
                    "spring.datasource.url", "jdbc:postgresql://db/slipway",
                    "slipway.security.oidc.issuer-uri", "https://sso.example.com/realms/x",
                    "slipway.security.oidc.client-id", "slipway",
                    "slipway.security.oidc.client-secret", "s3cr3t",
                    "slipway.audit.checkpoint-key", " ")));
    assertThatThrownBy(() -> RequiredSettings.check(environment))
        .hasMessageContaining("missing required setting slipway.audit.checkpoint-key.")
        .hasMessageContaining("SLIPWAY_AUDIT_CHECKPOINTKEY")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void everythingGivenStartsOutsideDev() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "given",
                Map.of(
                    "spring.datasource.url", "jdbc:postgresql://db/slipway",
                    "slipway.security.oidc.issuer-uri", "https://sso.example.com/realms/x",
                    "slipway.security.oidc.client-id", "slipway",
                    "slipway.security.oidc.client-secret", "s3cr3t",
                    "slipway.audit.checkpoint-key",
                        "a2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMtb3ItbW9yZS4=")));
    RequiredSettings.check(environment);
  }

  @Test
  void theDevProfileNeedsNothing() {
    StandardEnvironment environment = new StandardEnvironment();
    environment.setActiveProfiles("dev");
    RequiredSettings.check(environment);
  }

  @Test
  void theRealApplicationFailsFastNamingTheMissingSetting() {
    SpringApplication application = new SpringApplication(SlipwayApplication.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    Throwable failure = catchThrowable(() -> application.run("--spring.main.banner-mode=off"));
    while (failure != null && !(failure instanceof RequiredSettings.MissingSettingsException)) {
      failure = failure.getCause();
    }
    assertThat(failure)
        .as("the start-up failure names the missing setting")
        .isInstanceOf(RequiredSettings.MissingSettingsException.class)
        .hasMessageContaining("spring.datasource.url");
  }

  @Test
  void environmentVariableNamesFollowRelaxedBinding() {
    assertThat(RequiredSettings.toEnvironmentVariable("slipway.security.oidc.issuer-uri"))
        .isEqualTo("SLIPWAY_SECURITY_OIDC_ISSUERURI");
  }
}
