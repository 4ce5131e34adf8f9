package dev.slipway.shared;

/** Nothing of that name or id that the caller may see: 404. */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String message) {
    super(message);
  }
}
