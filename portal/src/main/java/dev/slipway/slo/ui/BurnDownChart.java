package dev.slipway.slo.ui;

import com.vaadin.flow.component.Svg;
import dev.slipway.slo.ErrorBudgets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The budget left over the window as a server-side SVG line: 100 % at the top, the zero line (the
 * budget spent) marked, overspending below it.
 */
final class BurnDownChart {

  private static final int WIDTH = 640;
  private static final int HEIGHT = 180;
  private static final int PAD = 32;

  /** Room on the left for the axis labels. */
  private static final int LEFT = 52;

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("d MMM", Locale.ROOT).withZone(ZoneOffset.UTC);

  private BurnDownChart() {}

  static Svg of(List<ErrorBudgets.Point> points) {
    double min =
        Math.min(
            0,
            points.stream()
                .mapToDouble(ErrorBudgets.Point::remaining)
                .filter(d -> !Double.isNaN(d))
                .min()
                .orElse(0));
    double max = 1;
    long start = points.getFirst().at().getEpochSecond();
    long end = Math.max(start + 1, points.getLast().at().getEpochSecond());
    StringBuilder line = new StringBuilder();
    for (ErrorBudgets.Point p : points) {
      if (Double.isNaN(p.remaining())) {
        continue;
      }
      line.append(
          String.format(
              Locale.ROOT,
              "%.1f,%.1f ",
              x(p.at().getEpochSecond(), start, end),
              y(p.remaining(), min, max)));
    }
    double zero = y(0, min, max);
    String svg =
        String.format(
            Locale.ROOT,
            """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="Error budget left over time">
              <rect x="%d" y="%d" width="%d" height="%d" fill="#f8fafc" stroke="#e2e8f0"/>
              <line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#dc2626" stroke-dasharray="4 3"/>
              <text x="%d" y="%.1f" font-size="11" fill="#dc2626" text-anchor="end">0 %%</text>
              <text x="%d" y="%d" font-size="11" fill="#475569" text-anchor="end">100 %%</text>
              <polyline points="%s" fill="none" stroke="#2563eb" stroke-width="2"/>
              <text x="%d" y="%d" font-size="11" fill="#475569">%s</text>
              <text x="%d" y="%d" font-size="11" fill="#475569" text-anchor="end">%s</text>
            </svg>""",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            LEFT,
            PAD / 2,
            WIDTH - LEFT - PAD,
            HEIGHT - PAD - PAD / 2,
            LEFT,
            zero,
            WIDTH - PAD,
            zero,
            LEFT - 6,
            zero + 4,
            LEFT - 6,
            PAD / 2 + 4,
            line.toString().strip(),
            LEFT,
            HEIGHT - 8,
            DAY.format(points.getFirst().at()),
            WIDTH - PAD,
            HEIGHT - 8,
            DAY.format(points.getLast().at()));
    return new Svg(svg);
  }

  private static double x(long t, long start, long end) {
    return LEFT + (double) (t - start) / (end - start) * (WIDTH - LEFT - PAD);
  }

  private static double y(double v, double min, double max) {
    double top = PAD / 2.0;
    double bottom = HEIGHT - PAD;
    return top + (max - v) / (max - min) * (bottom - top);
  }
}
