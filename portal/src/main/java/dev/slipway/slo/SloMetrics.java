package dev.slipway.slo;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The portal's own view of its budget reading: {@code slipway_budgets_refresh_age_seconds}, how
 * long ago error budgets were last read from Prometheus (NaN before the first successful read). A
 * growing age means the portal freezes and lifts on stale figures.
 */
@Component
class SloMetrics {

  SloMetrics(MeterRegistry registry, ErrorBudgets budgets) {
    Gauge.builder(
            "slipway.budgets.refresh.age",
            budgets,
            b -> b.sinceLastRead().map(d -> d.toNanos() / 1e9).orElse(Double.NaN))
        .description("Seconds since error budgets were last read from Prometheus")
        .baseUnit("seconds")
        .register(registry);
  }
}
