package dev.slipway.provisioning;

import dev.slipway.cluster.ClusterMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deterministic, unpredictable source for an environment's generated values: HMAC-SHA256 of the
 * portal's generator key over the environment id and a block counter. Every attempt to provision
 * the same environment, on any portal instance holding the key, draws the same values, so a resumed
 * attempt converges on what an interrupted one created; without the key the values cannot be
 * derived, and they are never stored.
 */
final class KeyedRandom implements RandomGenerator {

  private static final Logger log = LoggerFactory.getLogger(KeyedRandom.class);

  private final Mac mac;
  private final byte[] seed;
  private final ByteBuffer block = ByteBuffer.allocate(32).position(32);
  private long counter;

  /**
   * The generator key: the one configured (32 or more random bytes, base64), else one this instance
   * makes, which only the sandbox can do without (another instance resuming its work would generate
   * other values).
   */
  static byte[] key(@Nullable String configured, ClusterMode mode) {
    if (configured != null && !configured.isBlank()) {
      byte[] key = Base64.getDecoder().decode(configured.strip());
      if (key.length < 32) {
        throw new IllegalStateException(
            "slipway.provisioning.generator-key must be at least 32 random bytes, base64-encoded");
      }
      return key;
    }
    if (mode != ClusterMode.SANDBOX) {
      log.warn(
          "slipway.provisioning.generator-key is not set: this instance made its own. If another"
              + " instance resumes provisioning this one started, it generates different values;"
              + " give every instance the same key (32+ random bytes, base64).");
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  KeyedRandom(byte[] key, String seed) {
    try {
      this.mac = Mac.getInstance("HmacSHA256");
      this.mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
    this.seed = seed.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public long nextLong() {
    if (block.remaining() < Long.BYTES) {
      mac.update(seed);
      mac.update(ByteBuffer.allocate(Long.BYTES).putLong(0, counter++).array());
      block.clear();
      block.put(mac.doFinal()).flip();
    }
    return block.getLong();
  }
}
