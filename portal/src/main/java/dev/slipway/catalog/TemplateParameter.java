package dev.slipway.catalog;

/**
 * One parameter of a template, as the request form and the API present it.
 *
 * @param defaultValue the template's {@code value}; empty when it has none
 * @param generated whether the template generates the value ({@code generate: expression}); such
 *     parameters are never asked for and their values never leave the cluster
 */
public record TemplateParameter(
    String name,
    String displayName,
    String description,
    boolean required,
    String defaultValue,
    boolean generated) {

  /** What a person reads: the display name, or the name when the template gives none. */
  public String label() {
    return displayName.isBlank() ? name : displayName;
  }
}
