package dev.slipway.provisioning;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.provisioning.*}.
 *
 * @param namespacePrefix put before an environment's name to make its namespace
 * @param defaultTtl lifetime when a request names none
 * @param maxTtl the longest lifetime anyone may ask for, whatever a template's policy says
 * @param readiness how long objects may take to become ready on a real cluster (a template may set
 *     its own timeout), and how often to look
 * @param limits how many live environments a user, and a team, may have
 * @param expiry the recurring check that gives notice of and carries out expiry
 * @param generatorKey base64 of at least 32 random bytes, the same on every instance: generated
 *     parameter values derive from it and the environment id, so provisioning resumed by another
 *     instance recreates the same values. Unset: each instance makes its own at start-up (fine for
 *     one instance and the sandbox).
 * @param approval who may approve a request that waits for approval
 * @param lease the fence of the durable tasks (see {@link EnvironmentLeases}): how long an
 *     execution's hold on an environment lasts without renewal (renewed every third of it while the
 *     execution runs); 15 s when unset
 */
@ConfigurationProperties("slipway.provisioning")
record ProvisioningProperties(
    String namespacePrefix,
    Duration defaultTtl,
    Duration maxTtl,
    Readiness readiness,
    Limits limits,
    Expiry expiry,
    @Nullable String generatorKey,
    Approval approval,
    @Nullable Lease lease) {

  Duration leaseTtl() {
    return lease == null || lease.ttl() == null ? Duration.ofSeconds(15) : lease.ttl();
  }

  record Lease(@Nullable Duration ttl) {}

  record Readiness(Duration timeout, Duration poll) {}

  /** Live means requested, provisioning or ready; 0 means no limit. */
  record Limits(int perUser, int perTeam) {}

  /**
   * @param noticeBefore how long before expiry the owner is told (an EnvironmentExpiring event)
   */
  record Expiry(boolean enabled, Duration interval, Duration noticeBefore) {}

  /**
   * @param allowSelfApproval whether an SRE may approve their own request; off (four eyes), since
   *     approval exists so that a second person looks at the request. Small teams may turn it on.
   */
  record Approval(boolean allowSelfApproval) {}
}
