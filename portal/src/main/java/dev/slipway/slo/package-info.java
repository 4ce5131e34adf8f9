/**
 * Service-level objectives of provisioned services: the objective model ({@link
 * dev.slipway.slo.Objective}, {@link dev.slipway.slo.Indicator}, {@link dev.slipway.slo.SloWindow},
 * {@link dev.slipway.slo.Threshold}, each read from text in one place), a template's {@code slo}
 * section ({@link dev.slipway.slo.SloSection}, which the catalog calls), the recorded objectives
 * and their error budgets, and the release gate.
 *
 * <p>The Sloth-compatible rule generator is the internal {@code rules} package.
 */
package dev.slipway.slo;
