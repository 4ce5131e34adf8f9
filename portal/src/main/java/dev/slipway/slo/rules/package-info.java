/**
 * Service level objectives turned into Prometheus rules the way <a
 * href="https://github.com/slok/sloth">Sloth</a> does: SLI recording rules for each burn-rate
 * window, metadata recording rules, and multi-window multi-burn-rate page and ticket alerts.
 *
 * <p>{@link dev.slipway.slo.rules.SloSpecReader} reads Sloth ({@code prometheus/v1}), Sloth
 * Kubernetes ({@code PrometheusServiceLevel}) and OpenSLO ({@code openslo/v1alpha}) documents and
 * validates them; {@link dev.slipway.slo.rules.RuleGenerator} turns them into rule files or
 * prometheus-operator {@code PrometheusRule} objects. Both are pure: no Spring, no files, no clock.
 *
 * <p>Internal to the slo module: a service's objectives reach it through {@code
 * ServiceLevels.slos}, documents sent to the API through {@code SloGenerateController}. Sloth's own
 * durations (alert windows, OpenSLO time windows) are read here, in Sloth's format; an objective's
 * window is a {@link dev.slipway.slo.SloWindow}.
 */
package dev.slipway.slo.rules;
