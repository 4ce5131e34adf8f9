package dev.slipway.catalog;

import java.util.List;
import java.util.Map;

/**
 * The objects a template instantiates to, parameters substituted and the template's labels applied.
 * They may hold generated secrets: hand them to the cluster and nowhere else (no logs, no tables).
 */
public record RenderedTemplate(
    String templateName, String templateVersion, List<Map<String, Object>> objects) {

  public RenderedTemplate {
    objects = List.copyOf(objects);
  }
}
