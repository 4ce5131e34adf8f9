package dev.slipway.gate;

import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The gate's refusal as a problem detail: the only place the 423 is built, for the gate's endpoint
 * and a refused environment request alike. Ahead of the shared advice, whose catch-all would
 * otherwise answer first.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ReleaseGateProblems {

  /**
   * 423: the gate's reason as the detail; the service, the state, the SLO that froze it and since
   * when, its budget now, and what the gate does when Prometheus cannot be asked. The instance is
   * the request's path.
   */
  @ExceptionHandler
  ProblemDetail frozen(ReleaseFrozen e) {
    ReleaseGate.Result result = e.result();
    GatePolicy.Decision d = result.decision();
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.LOCKED, d.reason());
    problem.setType(URI.create("https://slipway.dev/problems/release-frozen"));
    problem.setTitle(
        d.state() == GatePolicy.State.UNKNOWN ? "Budgets unknown, gate closed" : "Release frozen");
    problem.setProperty("service", result.service());
    problem.setProperty("state", d.state().name());
    if (d.freeze() != null) {
      problem.setProperty("slo", d.freeze().slo());
      problem.setProperty("frozenSince", d.freeze().since().toString());
    }
    // The SLO that froze the service, and its budget now.
    if (d.budget() != null && !Double.isNaN(d.budget().remaining())) {
      problem.setProperty("budgetRemaining", d.budget().remaining());
    }
    problem.setProperty("whenPrometheusIsUnreachable", result.whenUnknown().written());
    return problem;
  }
}
