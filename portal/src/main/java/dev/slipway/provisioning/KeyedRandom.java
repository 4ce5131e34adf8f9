package dev.slipway.provisioning;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A deterministic, unpredictable source for an environment's generated values: HMAC-SHA256 of the
 * portal's generator key over the environment id and a block counter. Every attempt to provision
 * the same environment, on any portal instance holding the key, draws the same values, so a resumed
 * attempt converges on what an interrupted one created; without the key the values cannot be
 * derived, and they are never stored.
 */
final class KeyedRandom implements RandomGenerator {

  private final Mac mac;
  private final byte[] seed;
  private final ByteBuffer block = ByteBuffer.allocate(32).position(32);
  private long counter;

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
