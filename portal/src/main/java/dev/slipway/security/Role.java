package dev.slipway.security;

/** What a user does in Slipway; granted as {@code ROLE_<name>} authorities. */
public enum Role {
  DEVELOPER,
  SRE,
  AUDITOR;

  public String authority() {
    return "ROLE_" + name();
  }
}
