package dev.slipway.catalog;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** REST API v1: the catalog. */
@RestController
@RequestMapping("/api/v1/templates")
class TemplateController {

  private final TemplateCatalog catalog;

  TemplateController(TemplateCatalog catalog) {
    this.catalog = catalog;
  }

  @GetMapping
  List<CatalogTemplate> templates() {
    return catalog.templates();
  }
}
