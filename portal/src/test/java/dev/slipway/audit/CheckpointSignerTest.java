package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Checkpoints are signed with a key; without the key, no change to one keeps it valid. */
class CheckpointSignerTest {

  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  static final Instant AT = Instant.parse("2026-11-20T10:00:00.123456Z");
  static final String HEAD = "ab".repeat(32);

  final CheckpointSigner signer = new CheckpointSigner(KEY);

  Checkpoint signed(long rows, long headId, String headHash, Instant at) {
    return new Checkpoint(1, at, rows, headId, headHash, signer.sign(rows, headId, headHash, at));
  }

  @Test
  void aCheckpointItSignedVerifies() {
    assertThat(signer.verifies(signed(42, 57, HEAD, AT))).isTrue();
  }

  @Test
  void theSignatureIsHmacSha256OfTheDocumentedMessage() throws Exception {
    // What an auditor holding the key computes outside the portal.
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
    String expected =
        java.util.HexFormat.of()
            .formatHex(
                mac.doFinal(
                    ("slipway-audit-checkpoint-v1\n42\n57\n"
                            + HEAD
                            + "\n2026-11-20T10:00:00.123456Z")
                        .getBytes(StandardCharsets.UTF_8)));

    assertThat(signer.sign(42, 57, HEAD, AT)).isEqualTo(expected);
  }

  @Test
  void changingAnySignedFieldInvalidatesTheSignature() {
    Checkpoint good = signed(42, 57, HEAD, AT);

    assertThat(signer.verifies(withRows(good, 41))).isFalse();
    assertThat(signer.verifies(withHead(good, 56, HEAD))).isFalse();
    assertThat(signer.verifies(withHead(good, 57, "cd".repeat(32)))).isFalse();
    assertThat(
            signer.verifies(new Checkpoint(1, AT.plusSeconds(1), 42, 57, HEAD, good.signature())))
        .isFalse();
  }

  @Test
  void aSignatureMadeWithoutTheKeyDoesNotVerify() {
    Checkpoint good = signed(42, 57, HEAD, AT);
    CheckpointSigner other =
        new CheckpointSigner("another key of thirty-two bytes!".getBytes(StandardCharsets.UTF_8));
    // Plain SHA-256 of the message: what a role that knows only the database could compute.
    String unkeyed =
        AuditLedger.hash("", new String[] {CheckpointSigner.message(42, 57, HEAD, AT)});

    assertThat(other.verifies(good)).isFalse();
    assertThat(signer.verifies(withSignature(good, unkeyed))).isFalse();
    assertThat(signer.verifies(withSignature(good, "not hex"))).isFalse();
    assertThat(signer.verifies(withSignature(good, ""))).isFalse();
  }

  @Test
  void refusesAMissingShortOrMalformedKeyNamingTheSettingButNotTheValue() {
    assertThatThrownBy(() -> CheckpointSigner.fromBase64(null))
        .hasMessageContaining("slipway.audit.checkpoint-key is not set");
    assertThatThrownBy(() -> CheckpointSigner.fromBase64("  "))
        .hasMessageContaining("slipway.audit.checkpoint-key is not set");
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> CheckpointSigner.fromBase64(shortKey))
        .hasMessageContaining("at least 32 random bytes")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> CheckpointSigner.fromBase64("%%%not-base64%%%"))
        .hasMessageContaining("not valid base64")
        .hasMessageNotContaining("%%%not-base64%%%");
    assertThat(
            CheckpointSigner.fromBase64(Base64.getEncoder().encodeToString(KEY))
                .sign(42, 57, HEAD, AT))
        .isEqualTo(signer.sign(42, 57, HEAD, AT));
  }

  @Test
  void neverShowsTheKey() {
    String key = Base64.getEncoder().encodeToString(KEY);

    assertThat(CheckpointSigner.fromBase64(key).toString())
        .doesNotContain(key)
        .doesNotContain(new String(KEY, StandardCharsets.UTF_8));
    assertThat(
            new AuditProperties(
                    key, java.time.Duration.ofMinutes(5), java.time.Duration.ofSeconds(1))
                .toString())
        .doesNotContain(key);
  }

  static Checkpoint withRows(Checkpoint c, long rows) {
    return new Checkpoint(c.id(), c.at(), rows, c.headId(), c.headHash(), c.signature());
  }

  static Checkpoint withHead(Checkpoint c, long headId, String headHash) {
    return new Checkpoint(c.id(), c.at(), c.rows(), headId, headHash, c.signature());
  }

  static Checkpoint withSignature(Checkpoint c, String signature) {
    return new Checkpoint(c.id(), c.at(), c.rows(), c.headId(), c.headHash(), signature);
  }
}
