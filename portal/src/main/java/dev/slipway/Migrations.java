package dev.slipway;

import liquibase.integration.spring.SpringLiquibase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code slipway.migrate-only=true}: applies the Liquibase changesets and exits, starting nothing
 * else (no web server, no task scheduler, no cluster client). The chart runs it in a Job of its own
 * as the tables' owner, so the portal's long-running pods never hold the owner's credentials.
 *
 * <p>The setting chooses which application starts, so it is read before any configuration file:
 * give it as an environment variable ({@code SLIPWAY_MIGRATEONLY=true}), a system property or a
 * command-line argument ({@code --slipway.migrate-only=true}).
 */
final class Migrations {

  static final String SETTING = "slipway.migrate-only";

  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** Whether the arguments, system properties or environment ask for migrations only. */
  static boolean requested(String[] args) {
    return requested(args, new StandardEnvironment());
  }

  static boolean requested(String[] args, ConfigurableEnvironment environment) {
    environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
    return Binder.get(environment).bind(SETTING, Boolean.class).orElse(false);
  }

  /**
   * Migrates and returns the process's exit status: 0 when every changeset is applied, 1 when
   * Liquibase failed or is switched off ({@code spring.liquibase.enabled=false}).
   */
  static int run(String... args) {
    try (ConfigurableApplicationContext context = start(args)) {
      if (context.getBeanNamesForType(SpringLiquibase.class).length == 0) {
        log.error(
            "{} is set, but Liquibase did not run (spring.liquibase.enabled=false?): nothing was"
                + " migrated",
            SETTING);
        return 1;
      }
      log.info("Database migrated; exiting ({})", SETTING);
      return 0;
    } catch (RuntimeException failed) {
      // Spring Boot has logged why; the Job's status says that it failed.
      return 1;
    }
  }

  /** The migrations' own small application context: a data source and Liquibase, run once. */
  static ConfigurableApplicationContext start(String... args) {
    SpringApplication application = new SpringApplication(OnlyMigrations.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.setBannerMode(Banner.Mode.OFF);
    return application.run(args);
  }

  /**
   * Not a {@code @Configuration}: the portal's component scan must not find it. As the source of
   * its own application it is read all the same.
   */
  @ImportAutoConfiguration({DataSourceAutoConfiguration.class, LiquibaseAutoConfiguration.class})
  @Import({DevDatabaseConfiguration.class, PortalRoleParameter.class})
  static class OnlyMigrations {

    /** Outside the dev profile, a database to migrate; nothing else is needed. */
    @Bean
    static RequiredSettings requiredSettings() {
      return new RequiredSettings(RequiredSettings.MIGRATIONS);
    }
  }
}
