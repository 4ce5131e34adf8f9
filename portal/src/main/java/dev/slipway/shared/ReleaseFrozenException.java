package dev.slipway.shared;

import java.util.Map;

/** A feature release to a service whose error budget is spent: 423, with the gate's reason. */
public class ReleaseFrozenException extends RuntimeException {

  private final Map<String, Object> details;

  public ReleaseFrozenException(String message, Map<String, Object> details) {
    super(message);
    this.details = Map.copyOf(details);
  }

  /** Which SLO, its budget, since when: added to the problem detail. */
  public Map<String, Object> details() {
    return details;
  }
}
