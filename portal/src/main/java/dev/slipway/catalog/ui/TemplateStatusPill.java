package dev.slipway.catalog.ui;

import com.vaadin.flow.component.html.Span;
import dev.slipway.catalog.TemplateStatus;
import java.util.Locale;

/** A template version's status as a coloured label. */
final class TemplateStatusPill {

  private TemplateStatusPill() {}

  static Span of(TemplateStatus status) {
    Span span = new Span(status.name().toLowerCase(Locale.ROOT));
    span.addClassNames(
        "status",
        switch (status) {
          case PUBLISHED -> "ready";
          case DRAFT -> "in-progress";
          case DEPRECATED -> "deleted";
          case RETIRED -> "failed";
        });
    return span;
  }

  static String verb(TemplateStatus to) {
    return switch (to) {
      case PUBLISHED -> "Publish";
      case DEPRECATED -> "Deprecate";
      case RETIRED -> "Retire";
      case DRAFT -> "Back to draft";
    };
  }
}
