package dev.slipway.catalog;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.catalog.*}: what an import may hold and what a template may create.
 *
 * @param maxTemplateBytes the largest document an import accepts
 * @param allowedKinds the namespaced kinds a template may create ({@link AllowedKinds}); the
 *     default is in application.yaml, where the chart's ClusterRole test reads it
 * @param maxReplicas the most replicas a parameter may ask for
 * @param maxParameterValueBytes the largest value one parameter may have (UTF-8 bytes): a value is
 *     stored, recorded in the ledger and sent to the cluster, so it is bounded before any of that
 */
@ConfigurationProperties("slipway.catalog")
record CatalogProperties(
    @Nullable Long maxTemplateBytes,
    @Nullable List<String> allowedKinds,
    @Nullable Integer maxReplicas,
    @Nullable Long maxParameterValueBytes) {

  CatalogProperties {
    maxTemplateBytes = maxTemplateBytes == null ? 1_048_576L : maxTemplateBytes;
    allowedKinds = allowedKinds == null ? List.of() : List.copyOf(allowedKinds);
    maxReplicas = maxReplicas == null ? 10 : maxReplicas;
    maxParameterValueBytes = maxParameterValueBytes == null ? 65_536L : maxParameterValueBytes;
  }

  /** The allow-list, parsed: a wrong entry stops the portal from starting, naming the entry. */
  AllowedKinds kinds() {
    return AllowedKinds.parse(allowedKinds);
  }
}
