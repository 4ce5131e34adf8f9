package dev.slipway;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import liquibase.integration.spring.SpringLiquibase;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Passes {@code slipway.migrations.portal-role}, the database role the portal runs as when the
 * migrations run as the tables' owner, to Liquibase as the changelog parameter {@value #PARAMETER}.
 * The changeset {@code audit/0004} then leaves that role only SELECT and INSERT on the ledger's
 * tables, at every migration. Unset (one role does everything: the dev profile, the tests), the
 * parameter is not defined and the changeset is skipped.
 */
@Configuration(proxyBeanMethods = false)
class PortalRoleParameter {

  static final String SETTING = "slipway.migrations.portal-role";
  static final String PARAMETER = "slipway.portal-role";

  /** Plain role names only: the name is written into SQL (quoted there as an identifier too). */
  static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.@-]{0,62}");

  @Bean
  static BeanPostProcessor portalRoleLiquibaseParameter(Environment environment) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String name) {
        // Before initialization: SpringLiquibase migrates in afterPropertiesSet.
        if (bean instanceof SpringLiquibase liquibase) {
          String role = environment.getProperty(SETTING, "").strip();
          if (!role.isEmpty()) {
            // SpringLiquibase has no getter: the parameters Spring Boot set, read again.
            Map<String, String> given =
                Binder.get(environment)
                    .bind("spring.liquibase.parameters", Bindable.mapOf(String.class, String.class))
                    .orElse(Map.of());
            liquibase.setChangeLogParameters(withRole(given, role));
          }
        }
        return bean;
      }
    };
  }

  static Map<String, String> withRole(Map<String, String> given, String role) {
    if (!ROLE.matcher(role).matches()) {
      throw new IllegalStateException(
          SETTING
              + " must be a plain role name (letters, digits, _ . @ -; at most 63), was '"
              + role
              + "'");
    }
    Map<String, String> parameters = new HashMap<>(given);
    parameters.put(PARAMETER, role);
    return parameters;
  }
}
