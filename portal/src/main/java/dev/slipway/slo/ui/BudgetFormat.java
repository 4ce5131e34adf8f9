package dev.slipway.slo.ui;

import com.vaadin.flow.component.html.Span;
import java.util.Locale;

/** Budgets as people read them, and a coloured label for how much is left. */
final class BudgetFormat {

  private BudgetFormat() {}

  static String percent(double ratio) {
    return Double.isNaN(ratio) ? "no data" : String.format(Locale.ROOT, "%.1f %%", ratio * 100);
  }

  static String burnRate(double rate) {
    return Double.isNaN(rate) ? "no data" : String.format(Locale.ROOT, "%.2f×", rate);
  }

  /** Green with more than a quarter left, amber down to zero, red when spent. */
  static Span remaining(double ratio) {
    Span span = new Span(percent(ratio));
    String tone =
        Double.isNaN(ratio)
            ? "deleted"
            : ratio <= 0 ? "failed" : ratio < 0.25 ? "warning" : "ready";
    span.addClassNames("status", tone);
    return span;
  }
}
