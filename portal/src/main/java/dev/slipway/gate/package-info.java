/**
 * The release gate: the error-budget policy at work. A service whose budget is spent is frozen for
 * feature releases until it is back within budget; pipelines ask before they ship, provisioning
 * asks when a request is a new release of a service, SREs lift freezes for a bounded time, set a
 * service's thresholds and leave planned windows out of its budgets. It reads budgets and
 * objectives from {@code slo}, which knows nothing of it: slo's pages learn of freezes through the
 * {@link dev.slipway.slo.ErrorBudgetPolicy} this module provides. {@link
 * dev.slipway.gate.GatePolicy} is the decision as a pure function; a refusal, wherever it was asked
 * for, is a {@link dev.slipway.gate.ReleaseFrozen}, answered with one 423.
 */
@NullMarked
@ApplicationModule(displayName = "Release gate")
package dev.slipway.gate;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
