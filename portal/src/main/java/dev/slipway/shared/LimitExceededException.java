package dev.slipway.shared;

/** A configured limit would be exceeded (too many live environments, …): 429, naming the limit. */
public class LimitExceededException extends RuntimeException {

  private final String limit;

  public LimitExceededException(String limit, String message) {
    super(message);
    this.limit = limit;
  }

  /** The setting that sets the limit, e.g. {@code slipway.provisioning.limits.per-user}. */
  public String limit() {
    return limit;
  }
}
