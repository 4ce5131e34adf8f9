package dev.slipway;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.theme.lumo.Lumo;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Slipway: self-service environments on OpenShift, with SLOs and monitoring built in. */
@SpringBootApplication
@ConfigurationPropertiesScan
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("context://styles/slipway.css")
public class SlipwayApplication implements AppShellConfigurator {

  public static void main(String[] args) {
    if (Migrations.requested(args)) {
      // Only Liquibase, then exit: no web server, no scheduler (the chart's migration Job).
      System.exit(Migrations.run(args));
    }
    SpringApplication.run(SlipwayApplication.class, args);
  }

  /** Outside the dev profile, refuses to start without a database and an identity provider. */
  @Bean
  static RequiredSettings requiredSettings() {
    return new RequiredSettings();
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
