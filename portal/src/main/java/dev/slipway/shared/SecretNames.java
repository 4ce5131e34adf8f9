package dev.slipway.shared;

import java.util.regex.Pattern;

/**
 * The one rule for names that say they hold a secret, and the mask shown in a secret's place: the
 * catalog masks such parameters, the audit ledger such fields, each without asking the other.
 */
public final class SecretNames {

  /** What the portal shows and stores in a secret value's place. */
  public static final String MASK = "••••••";

  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(PASS|PWD|SECRET|TOKEN|KEY|CREDENTIAL|CERT).*");

  private SecretNames() {}

  /** Whether a name says its value is a secret. */
  public static boolean looksSecret(String name) {
    return SECRET_NAME.matcher(name).matches();
  }
}
