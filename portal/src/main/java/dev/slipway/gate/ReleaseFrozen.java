package dev.slipway.gate;

/**
 * The gate refused a change: a feature release to a frozen service, or any change while budgets
 * cannot be read and the gate fails closed. Whoever asked (a pipeline at the gate's endpoint, an
 * environment request naming {@code releaseOf}) gets the same answer, a 423 built in one place
 * ({@code ReleaseGateProblems}).
 */
public class ReleaseFrozen extends RuntimeException {

  private final ReleaseGate.Result result;

  ReleaseFrozen(ReleaseGate.Result result) {
    super(result.decision().reason());
    this.result = result;
  }

  /** The decision, with the service and change it was about. */
  public ReleaseGate.Result result() {
    return result;
  }
}
