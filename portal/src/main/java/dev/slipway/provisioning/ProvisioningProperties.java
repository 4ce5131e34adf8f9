package dev.slipway.provisioning;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.provisioning.*}.
 *
 * @param namespacePrefix put before an environment's name to make its namespace
 * @param defaultTtl lifetime when a request names none
 * @param maxTtl the longest lifetime anyone may ask for, whatever a template's policy says
 * @param expiry the recurring check that gives notice of and carries out expiry
 */
@ConfigurationProperties("slipway.provisioning")
record ProvisioningProperties(
    String namespacePrefix, Duration defaultTtl, Duration maxTtl, Expiry expiry) {

  /**
   * @param noticeBefore how long before expiry the owner is told (an EnvironmentExpiring event)
   */
  record Expiry(boolean enabled, Duration interval, Duration noticeBefore) {}
}
