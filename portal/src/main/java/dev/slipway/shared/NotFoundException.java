package dev.slipway.shared;

/** Nothing of that name or id that the caller may see: 404. */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String message) {
    super(message);
  }

  /**
   * The id in a path; a value that is not an id at all names nothing either, so it is a 404 with
   * {@code message}, like an id nobody knows.
   */
  public static java.util.UUID id(String value, String message) {
    try {
      return java.util.UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException(message);
    }
  }
}
