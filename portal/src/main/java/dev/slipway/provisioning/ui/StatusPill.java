package dev.slipway.provisioning.ui;

import com.vaadin.flow.component.html.Span;
import dev.slipway.provisioning.EnvironmentStatus;
import dev.slipway.provisioning.ObjectStatus;
import java.util.Locale;

/** A coloured status label: green ready, red failed, blue under way. */
final class StatusPill {

  private StatusPill() {}

  static Span of(EnvironmentStatus status) {
    String tone =
        switch (status) {
          case READY -> "ready";
          case FAILED -> "failed";
          case REJECTED -> "rejected";
          case DELETED -> "deleted";
          default -> "in-progress";
        };
    return pill(status.name(), tone);
  }

  static Span of(ObjectStatus status) {
    String tone =
        switch (status) {
          case READY, APPLIED -> "ready";
          case FAILED -> "failed";
          case DELETED -> "deleted";
          case PENDING -> "in-progress";
        };
    return pill(status.name(), tone);
  }

  /** The service's feature releases are frozen: its error budget is spent. */
  static Span frozen() {
    Span span = pill("frozen", "frozen");
    span.setTitle("Error budget spent: feature releases are frozen until it recovers");
    return span;
  }

  private static Span pill(String text, String tone) {
    Span span = new Span(text.toLowerCase(Locale.ROOT));
    span.addClassNames("status", tone);
    return span;
  }
}
