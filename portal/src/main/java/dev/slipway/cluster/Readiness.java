package dev.slipway.cluster;

/**
 * Whether an object does what it is for yet, as the cluster reports it.
 *
 * @param message why not, in the cluster's terms; empty when ready
 * @param failed true when it will not become ready by waiting (a Job that failed)
 */
public record Readiness(boolean ready, boolean failed, String message) {

  public static final Readiness READY = new Readiness(true, false, "");

  public static Readiness waiting(String message) {
    return new Readiness(false, false, message);
  }

  public static Readiness failed(String message) {
    return new Readiness(false, true, message);
  }
}
