package dev.slipway.catalog.internal;

import dev.slipway.catalog.TemplateCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * At start, stores the curated templates shipped in provisioning-templates as published baseline
 * versions: new ones and changed ones, never over a template an SRE has imported versions of.
 */
@Component
class BaselineCatalog implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(BaselineCatalog.class);

  private final TemplateCatalog catalog;
  private final TemplateLoader loader;

  BaselineCatalog(TemplateCatalog catalog, TemplateLoader loader) {
    this.catalog = catalog;
    this.loader = loader;
  }

  @Override
  public void afterSingletonsInstantiated() {
    catalog.loadBaseline(loader.curatedSources());
    log.info("Baseline catalog checked");
  }
}
