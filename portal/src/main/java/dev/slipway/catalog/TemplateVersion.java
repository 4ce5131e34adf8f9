package dev.slipway.catalog;

import java.time.Instant;

/**
 * One immutable version of a template.
 *
 * @param origin {@code baseline} for the curated set shipped with the portal, {@code import} for
 *     SRE imports
 */
public record TemplateVersion(
    String name,
    int version,
    TemplateStatus status,
    String origin,
    String displayName,
    String importedBy,
    Instant importedAt,
    String checksum) {}
