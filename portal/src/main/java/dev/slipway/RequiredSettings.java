package dev.slipway;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Outside the dev profile Slipway needs a real database, an identity provider and the audit
 * ledger's checkpoint key. Checked before any bean is created, so a missing setting fails fast with
 * its name instead of a stack of bean errors.
 */
class RequiredSettings implements BeanFactoryPostProcessor, EnvironmentAware {

  static final List<String> PRODUCTION =
      List.of(
          "spring.datasource.url",
          "slipway.security.oidc.issuer-uri",
          "slipway.security.oidc.client-id",
          "slipway.security.oidc.client-secret",
          // Signs the audit ledger's checkpoints; a made-up key would make them worthless.
          "slipway.audit.checkpoint-key");

  /** Only the database: {@link Migrations} connects to it and nothing else. */
  static final List<String> MIGRATIONS = List.of("spring.datasource.url");

  private final List<String> required;
  private Environment environment;

  RequiredSettings() {
    this(PRODUCTION);
  }

  RequiredSettings(List<String> required) {
    this.required = List.copyOf(required);
  }

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    check(environment, required);
  }

  static void check(Environment environment) {
    check(environment, PRODUCTION);
  }

  static void check(Environment environment, List<String> required) {
    if (environment.acceptsProfiles(Profiles.of("dev"))) {
      return;
    }
    List<String> missing = new ArrayList<>();
    for (String property : required) {
      String value = environment.getProperty(property);
      if (value == null || value.isBlank()) {
        missing.add(property);
      }
    }
    if (!missing.isEmpty()) {
      throw new MissingSettingsException(missing);
    }
  }

  /** Names every missing setting and how to provide it. */
  static class MissingSettingsException extends IllegalStateException {
    MissingSettingsException(List<String> missing) {
      super(
          "Slipway cannot start: missing required setting"
              + (missing.size() > 1 ? "s " : " ")
              + String.join(", ", missing)
              + ". Set "
              + (missing.size() > 1 ? "them" : "it")
              + " as properties or environment variables (e.g. "
              + toEnvironmentVariable(missing.getFirst())
              + "), or run with --spring.profiles.active=dev for the embedded defaults.");
    }
  }

  static String toEnvironmentVariable(String property) {
    return property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace("-", "");
  }
}
