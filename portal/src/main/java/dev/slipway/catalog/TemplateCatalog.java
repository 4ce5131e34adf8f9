package dev.slipway.catalog;

import dev.slipway.catalog.internal.ExpressionValueGenerator;
import dev.slipway.catalog.internal.TemplateLoader;
import dev.slipway.catalog.internal.TemplateProcessor;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The templates developers can choose from. Today these are the curated templates shipped in the
 * provisioning-templates jar; importing and versioning templates at runtime comes with the catalog
 * issue and will sit behind this same service.
 */
@Service
public class TemplateCatalog {

  private final Map<String, TemplateLoader.Loaded> templates;
  private final TemplateProcessor processor =
      new TemplateProcessor(new ExpressionValueGenerator(new SecureRandom()));

  TemplateCatalog(TemplateLoader loader) {
    Map<String, TemplateLoader.Loaded> byName = new LinkedHashMap<>();
    loader.loadCurated().stream()
        .sorted(Comparator.comparing(t -> t.descriptor().displayName()))
        .forEach(t -> byName.put(t.descriptor().name(), t));
    this.templates = Map.copyOf(byName);
  }

  public List<CatalogTemplate> templates() {
    return templates.values().stream()
        .map(TemplateLoader.Loaded::descriptor)
        .sorted(Comparator.comparing(CatalogTemplate::displayName))
        .toList();
  }

  public Optional<CatalogTemplate> find(String name) {
    return Optional.ofNullable(templates.get(name)).map(TemplateLoader.Loaded::descriptor);
  }

  /**
   * Instantiates a template as {@code oc process} would: values supplied here win over the
   * template's defaults, which win over generated values.
   *
   * @throws TemplateRenderException naming each parameter that is unknown, missing or invalid
   * @throws IllegalArgumentException if there is no template of that name
   */
  public RenderedTemplate render(String name, Map<String, String> values) {
    TemplateLoader.Loaded template = templates.get(name);
    if (template == null) {
      throw new IllegalArgumentException("no template named '" + name + "'");
    }
    TemplateProcessor.Processed processed = processor.process(template.source(), values);
    return new RenderedTemplate(
        name,
        template.descriptor().version(),
        processed.objects(),
        processed.untypedParameters(),
        processed.sensitiveValues());
  }
}
