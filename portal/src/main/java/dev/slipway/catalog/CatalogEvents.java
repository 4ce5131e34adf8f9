package dev.slipway.catalog;

import dev.slipway.audit.AuditSubject;
import dev.slipway.audit.Audited;

/** What happened in the catalog, for the audit ledger and other features. */
public final class CatalogEvents {

  private CatalogEvents() {}

  public record TemplateImported(String name, int version, String origin, String by)
      implements Audited {

    @Override
    public AuditSubject subject() {
      return AuditSubject.template(name);
    }
  }

  public record TemplateStatusChanged(
      String name, int version, TemplateStatus before, TemplateStatus after, String by)
      implements Audited {

    @Override
    public AuditSubject subject() {
      return AuditSubject.template(name);
    }
  }

  public record TemplatePolicyChanged(
      String name, TemplatePolicy before, TemplatePolicy after, String by) implements Audited {

    @Override
    public AuditSubject subject() {
      return AuditSubject.template(name);
    }
  }
}
