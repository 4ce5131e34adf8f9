package dev.slipway.shared;

/** The request body is larger than the portal accepts: 413. */
public class PayloadTooLargeException extends RuntimeException {

  public PayloadTooLargeException(String message) {
    super(message);
  }
}
