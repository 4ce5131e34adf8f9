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
}
