package dev.slipway.provisioning;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.provisioning.*}.
 *
 * @param namespacePrefix put before an environment's name to make its namespace
 * @param defaultTtl lifetime when a request names none
 * @param maxTtl the longest lifetime anyone may ask for
 */
@ConfigurationProperties("slipway.provisioning")
record ProvisioningProperties(String namespacePrefix, Duration defaultTtl, Duration maxTtl) {}
