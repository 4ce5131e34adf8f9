package dev.slipway.catalog;

import dev.slipway.cluster.NamespacedKinds;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the catalog declares to other modules. */
@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

  /**
   * The kinds templates may create must be namespaced on the cluster they go to: the cluster module
   * checks them against its API discovery at start ({@code adr/0007-kind-allow-list.md}).
   */
  @Bean
  NamespacedKinds templateKinds(CatalogProperties properties) {
    return new NamespacedKinds(
        "slipway.catalog.allowed-kinds",
        properties.kinds().kinds().stream()
            .map(k -> new NamespacedKinds.Kind(k.group(), k.kind()))
            .toList());
  }
}
