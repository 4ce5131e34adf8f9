package dev.slipway.shared;

/** The request clashes with what exists (a duplicate name, a state that forbids it): 409. */
public class ConflictException extends RuntimeException {

  private final String field;

  public ConflictException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
