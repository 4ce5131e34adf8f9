package dev.slipway.audit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signs and checks checkpoints with HMAC-SHA256 under a key the database does not hold: whoever can
 * write the ledger's tables can recompute SHA-256, but cannot sign a checkpoint that agrees with a
 * rewritten chain. The key never leaves this object (no getter; not in {@link #toString}).
 */
final class CheckpointSigner {

  static final String SETTING = "slipway.audit.checkpoint-key";
  static final int MIN_KEY_BYTES = 32;

  private final SecretKeySpec key;

  CheckpointSigner(byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalStateException(
          SETTING + " must be at least " + MIN_KEY_BYTES + " random bytes, base64-encoded");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  /** The key as configured; the messages name the setting, never its value. */
  static CheckpointSigner fromBase64(@Nullable String configured) {
    if (configured == null || configured.isBlank()) {
      throw new IllegalStateException(
          SETTING
              + " is not set: checkpoints of the audit ledger are signed with it (base64 of 32 or"
              + " more random bytes, from a Secret the database cannot read)");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(configured.strip());
    } catch (IllegalArgumentException notBase64) {
      throw new IllegalStateException(SETTING + " is not valid base64");
    }
    return new CheckpointSigner(key);
  }

  /**
   * What is signed: a version tag, then rows, head id, head hash and time, one per line. Written
   * out so that anyone holding the key can check an exported checkpoint outside the portal.
   */
  static String message(long rows, long headId, String headHash, Instant at) {
    return "slipway-audit-checkpoint-v1\n" + rows + "\n" + headId + "\n" + headHash + "\n" + at;
  }

  String sign(long rows, long headId, String headHash, Instant at) {
    return HexFormat.of().formatHex(mac(message(rows, headId, headHash, at)));
  }

  boolean verifies(Checkpoint checkpoint) {
    byte[] expected =
        mac(
            message(
                checkpoint.rows(), checkpoint.headId(), checkpoint.headHash(), checkpoint.at()));
    byte[] given;
    try {
      given = HexFormat.of().parseHex(checkpoint.signature().strip());
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    // Constant time: how much of a forged signature matched is nobody's business.
    return MessageDigest.isEqual(expected, given);
  }

  private byte[] mac(String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "CheckpointSigner[HmacSHA256, key not shown]";
  }
}
