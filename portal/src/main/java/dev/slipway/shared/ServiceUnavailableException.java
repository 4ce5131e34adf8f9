package dev.slipway.shared;

/** The portal cannot take the request now; the caller should retry later: 503. */
class ServiceUnavailableException extends RuntimeException {

  public ServiceUnavailableException(String message) {
    super(message);
  }
}
