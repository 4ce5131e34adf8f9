package dev.slipway.catalog;

/** What happened in the catalog, for the audit ledger and other features. */
public final class CatalogEvents {

  private CatalogEvents() {}

  public record TemplateImported(String name, int version, String origin, String by) {}

  public record TemplateStatusChanged(
      String name, int version, TemplateStatus before, TemplateStatus after, String by) {}

  public record TemplatePolicyChanged(
      String name, TemplatePolicy before, TemplatePolicy after, String by) {}
}
