package dev.slipway.audit;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slipway.audit.*}.
 *
 * @param checkpointKey base64 of at least 32 random bytes, from a Secret the database's roles
 *     cannot read: checkpoints of the ledger are signed with it. Required outside the dev profile
 *     ({@code RequiredSettings}); the dev profile has a well-known one
 * @param checkpointInterval how often the recurring task signs the chain's head; rows newer than
 *     the newest checkpoint are held only by their hashes
 * @param chainInterval how often each instance's chainer looks for rows still waiting for their
 *     place in the chain (rows an instance committed but did not chain, because it stopped); its
 *     own rows it chains at once after their commit
 */
@ConfigurationProperties("slipway.audit")
record AuditProperties(
    @Nullable String checkpointKey,
    @DefaultValue("PT5M") Duration checkpointInterval,
    @DefaultValue("PT1S") Duration chainInterval) {

  /** A record would print the key: this one does not. */
  @Override
  public String toString() {
    return "AuditProperties[checkpointKey="
        + (checkpointKey == null ? "unset" : "(not shown)")
        + ", checkpointInterval="
        + checkpointInterval
        + ", chainInterval="
        + chainInterval
        + "]";
  }
}
