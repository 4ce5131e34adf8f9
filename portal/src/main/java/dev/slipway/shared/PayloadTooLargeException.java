package dev.slipway.shared;

import org.jspecify.annotations.Nullable;

/** The request body is larger than the portal accepts: 413, naming the limit. */
class PayloadTooLargeException extends RuntimeException {

  private final @Nullable String limit;
  private final long maxBytes;

  public PayloadTooLargeException(String message) {
    super(message);
    this.limit = null;
    this.maxBytes = -1;
  }

  PayloadTooLargeException(BodyLimit limit) {
    super(
        "The request body is larger than "
            + limit.maxBytes()
            + " bytes, the most "
            + limit.method()
            + " "
            + limit.path()
            + " accepts ("
            + limit.limit()
            + ").");
    this.limit = limit.limit();
    this.maxBytes = limit.maxBytes();
  }

  /** The setting (or fixed limit) that was exceeded; absent when the message says it all. */
  public @Nullable String limit() {
    return limit;
  }

  /** The largest body accepted, or -1 when unknown. */
  public long maxBytes() {
    return maxBytes;
  }
}
