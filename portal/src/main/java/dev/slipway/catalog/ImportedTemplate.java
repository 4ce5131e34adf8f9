package dev.slipway.catalog;

import java.util.List;

/** One template an import stored: its name, the version it became, and any warnings. */
public record ImportedTemplate(
    String name, int version, TemplateStatus status, List<TemplateProblem> warnings) {}
