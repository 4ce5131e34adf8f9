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

  /**
   * Whether a parameter's name says it holds a secret. Such values are masked wherever the portal
   * shows or stores them; generated values are never shown at all.
   */
  public static boolean looksSecret(String name) {
    return dev.slipway.shared.SecretNames.looksSecret(name);
  }

  /** Whether the portal treats this parameter's value as secret. */
  public boolean secret() {
    return generated || looksSecret(name);
  }

  /** What a person reads: the display name, or the name when the template gives none. */
  public String label() {
    return displayName.isBlank() ? name : displayName;
  }
}
