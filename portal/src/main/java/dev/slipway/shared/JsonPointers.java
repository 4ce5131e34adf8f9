package dev.slipway.shared;

/** JSON pointers (RFC 6901) as problems name where something is: one spelling for every feature. */
public final class JsonPointers {

  private JsonPointers() {}

  /**
   * A key as one reference token: {@code ~} becomes {@code ~0} and {@code /} becomes {@code ~1}, in
   * that order, so {@code a/b} is {@code a~1b} and {@code ~1} stays {@code ~01}.
   */
  public static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
