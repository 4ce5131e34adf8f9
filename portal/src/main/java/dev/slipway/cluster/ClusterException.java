package dev.slipway.cluster;

/**
 * The cluster refused or failed a call. The message is what the cluster said, verbatim, prefixed
 * with the object concerned, so a person can act on it.
 *
 * @param status the HTTP status the API server answered, or 0 when it could not be reached
 */
public class ClusterException extends RuntimeException {

  private final int status;

  public ClusterException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public ClusterException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /**
   * Whether the failure may pass by itself (no answer, 429 Too Many Requests, 5xx): worth waiting
   * out. A refusal (403 RBAC or quota, 422 invalid, 409, 404) is final.
   */
  public boolean mayPass() {
    return mayPass(status);
  }

  /** The same for a status; fabric8 reports a call that got no answer with a code below 1. */
  public static boolean mayPass(int status) {
    return status <= 0 || status == 429 || status >= 500;
  }
}
