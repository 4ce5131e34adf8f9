package dev.slipway.catalog.internal;

import dev.slipway.catalog.CatalogTemplate;
import dev.slipway.catalog.TemplateParameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads the curated templates that the provisioning-templates jar puts on the classpath. */
@Component
public class TemplateLoader {

  static final String CURATED = "classpath*:slipway/templates/*.yaml";
  private static final YAMLMapper YAML = new YAMLMapper();

  /** A template's catalog entry and the parsed template it is processed from. */
  public record Loaded(CatalogTemplate descriptor, JsonNode source) {}

  /** The curated templates as parsed documents. */
  public List<JsonNode> curatedSources() {
    try {
      List<JsonNode> sources = new ArrayList<>();
      for (Resource resource : new PathMatchingResourcePatternResolver().getResources(CURATED)) {
        try (InputStream in = resource.getInputStream()) {
          sources.add(YAML.readTree(in));
        }
      }
      return sources;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the curated templates", e);
    }
  }

  private static java.time.@org.jspecify.annotations.Nullable Duration readinessTimeout(
      String text) {
    try {
      return text.isBlank() ? null : java.time.Duration.parse(text.strip());
    } catch (java.time.format.DateTimeParseException e) {
      return null; // import reports it (TemplateValidator)
    }
  }

  /** The catalog entry for a stored version of a template: metadata, annotations, parameters. */
  public static Loaded parse(JsonNode template, int version) {
    JsonNode metadata = template.path("metadata");
    JsonNode annotations = metadata.path("annotations");
    String name = metadata.path("name").asString();
    List<TemplateParameter> parameters = new ArrayList<>();
    for (JsonNode p : template.path("parameters")) {
      parameters.add(
          new TemplateParameter(
              p.path("name").asString(),
              p.path("displayName").asString(""),
              p.path("description").asString(""),
              p.path("required").asBoolean(false),
              // A literal secret default is the template's business, not the catalog reader's.
              TemplateParameter.looksSecret(p.path("name").asString())
                      && !p.path("value").asString("").isEmpty()
                  ? dev.slipway.catalog.RenderedTemplate.MASK
                  : p.path("value").asString(""),
              p.has("generate")));
    }
    List<String> tags =
        Arrays.stream(annotations.path("tags").asString("").split(","))
            .map(String::strip)
            .filter(t -> !t.isEmpty())
            .toList();
    CatalogTemplate descriptor =
        new CatalogTemplate(
            name,
            version,
            annotations.path("openshift.io/display-name").asString(name),
            annotations.path("description").asString(""),
            annotations.path("openshift.io/provider-display-name").asString(""),
            annotations.path("openshift.io/documentation-url").asString(""),
            annotations.path("iconClass").asString(""),
            tags,
            parameters,
            readinessTimeout(annotations.path("slipway.dev/readiness-timeout").asString("")));
    return new Loaded(descriptor, template);
  }
}
