/**
 * Service level objectives turned into Prometheus rules the way <a
 * href="https://github.com/slok/sloth">Sloth</a> does: SLI recording rules for each burn-rate
 * window, metadata recording rules, and multi-window multi-burn-rate page and ticket alerts.
 *
 * <p>{@link dev.slipway.slo.SloSpecReader} reads Sloth ({@code prometheus/v1}), Sloth Kubernetes
 * ({@code PrometheusServiceLevel}) and OpenSLO ({@code openslo/v1alpha}) documents and validates
 * them; {@link dev.slipway.slo.RuleGenerator} turns them into rule files or prometheus-operator
 * {@code PrometheusRule} objects. Both are pure: no Spring, no files, no clock.
 */
package dev.slipway.slo;
