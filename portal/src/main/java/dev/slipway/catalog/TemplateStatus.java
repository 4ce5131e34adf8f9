package dev.slipway.catalog;

import java.util.Set;

/** Where a template version is in its life. Developers only ever see PUBLISHED versions. */
public enum TemplateStatus {
  /** Imported, not yet offered. */
  DRAFT,
  /** Offered to developers; new environments use the newest published version. */
  PUBLISHED,
  /** No longer offered; environments made from it keep it. May be published again. */
  DEPRECATED,
  /** Withdrawn for good. */
  RETIRED;

  /** The statuses an SRE may move a version to from this one. */
  public Set<TemplateStatus> next() {
    return switch (this) {
      case DRAFT -> Set.of(PUBLISHED, RETIRED);
      case PUBLISHED -> Set.of(DEPRECATED, RETIRED);
      case DEPRECATED -> Set.of(PUBLISHED, RETIRED);
      case RETIRED -> Set.of();
    };
  }
}
