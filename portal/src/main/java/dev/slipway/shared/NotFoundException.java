package dev.slipway.shared;

import org.jspecify.annotations.Nullable;

/** Nothing of that name or id that the caller may see: 404. */
public class NotFoundException extends RuntimeException {

  private final @Nullable String field;

  public NotFoundException(String message) {
    this(null, message);
  }

  private NotFoundException(@Nullable String field, String message) {
    super(message);
    this.field = field;
  }

  /**
   * The id in a path; a value that is not an id at all names nothing either, so it is a 404 with
   * {@code message}, like an id nobody knows, whose {@code errors} name {@code id}.
   */
  public static java.util.UUID id(String value, String message) {
    try {
      return java.util.UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("id", message + " '" + value + "' is not an id (a UUID).");
    }
  }

  /** The request field that named nothing, when there is one. */
  public @Nullable String field() {
    return field;
  }
}
