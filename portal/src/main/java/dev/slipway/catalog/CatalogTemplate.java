package dev.slipway.catalog;

import java.util.List;

/**
 * A template as the catalog offers it: its metadata and the parameters a developer may set.
 *
 * @param version the stored version's number (a string in JSON, as the API has always written it)
 * @param readinessTimeout how long its objects may take to become ready on a real cluster
 *     (annotation {@code slipway.dev/readiness-timeout}, ISO-8601); null: the portal's default
 */
public record CatalogTemplate(
    String name,
    @com.fasterxml.jackson.annotation.JsonFormat(
            shape = com.fasterxml.jackson.annotation.JsonFormat.Shape.STRING)
        @io.swagger.v3.oas.annotations.media.Schema(type = "string", example = "3")
        int version,
    String displayName,
    String description,
    String provider,
    String documentationUrl,
    String iconClass,
    List<String> tags,
    List<TemplateParameter> parameters,
    java.time.@org.jspecify.annotations.Nullable Duration readinessTimeout) {

  public CatalogTemplate {
    tags = List.copyOf(tags);
    parameters = List.copyOf(parameters);
  }

  /** The parameters a developer is asked for: every one the template does not generate. */
  public List<TemplateParameter> askedParameters() {
    return parameters.stream().filter(p -> !p.generated()).toList();
  }
}
