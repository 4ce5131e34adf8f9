package dev.slipway.shared;

/**
 * NUL (U+0000) in a request: nothing the API takes needs one, and PostgreSQL refuses it in text, so
 * it is refused at the edge (400 naming the field) rather than failing deep in a query (500).
 */
public final class NulCharacters {

  public static final String MESSAGE = "contains a NUL character (\\u0000), which is not accepted";

  private NulCharacters() {}

  /** Whether the text holds a NUL; every check of user text for one asks here. */
  public static boolean in(String text) {
    return text.indexOf('\0') >= 0;
  }

  /** A name as it may be shown: a NUL in it spelled out, so the answer stays readable text. */
  static String visible(String name) {
    return name.replace("\0", "\\u0000");
  }
}
