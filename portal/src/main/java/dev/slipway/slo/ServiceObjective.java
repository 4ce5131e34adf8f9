package dev.slipway.slo;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One service-level objective of a provisioned service (an environment).
 *
 * @param service the environment's name: the {@code sloth_service} label of its rules and budgets
 * @param name the objective's name, the {@code sloth_slo} label
 * @param objective percent of good events, strictly between 0 and 100
 * @param window rolling
 * @param threshold for latency and log processing: how fast is good enough
 */
public record ServiceObjective(
    UUID environment,
    String service,
    String namespace,
    String name,
    Indicator indicator,
    double objective,
    SloWindow window,
    @Nullable Threshold threshold,
    Instant updatedAt,
    String updatedBy) {

  /** The error budget as a ratio of events: 0.001 for 99.9 %. */
  public double errorBudget() {
    return (100 - objective) / 100;
  }

  /** The id Sloth gives it: {@code <service>-<name>}. */
  public String id() {
    return service + "-" + name;
  }
}
