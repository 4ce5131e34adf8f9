package dev.slipway;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a missing-settings failure as a short description and action, without a stack trace. */
class MissingSettingsFailureAnalyzer
    extends AbstractFailureAnalyzer<RequiredSettings.MissingSettingsException> {

  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, RequiredSettings.MissingSettingsException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Configure the database (spring.datasource.*) and the OIDC provider"
            + " (slipway.security.oidc.*) as README.md describes, or start the dev profile.",
        cause);
  }
}
