package dev.slipway.provisioning;

import dev.slipway.provisioning.EnvironmentEvents.EnvironmentExpired;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentExpiring;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The recurring expiry check: tells owners ahead of time (an event), then deletes what has expired,
 * verifying the deletion as any deletion does. Every step is a conditional update, so several
 * portal instances running it at once expire each environment once.
 */
@Component
class EnvironmentExpiry {

  private static final Logger log = LoggerFactory.getLogger(EnvironmentExpiry.class);

  private final EnvironmentRepository environments;
  private final Provisioner provisioner;
  private final ProvisioningProperties properties;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final EnvironmentLifecycle lifecycle;

  EnvironmentExpiry(
      EnvironmentRepository environments,
      Provisioner provisioner,
      ProvisioningProperties properties,
      ApplicationEventPublisher events,
      Clock clock,
      EnvironmentLifecycle lifecycle) {
    this.environments = environments;
    this.lifecycle = lifecycle;
    this.provisioner = provisioner;
    this.properties = properties;
    this.events = events;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${slipway.provisioning.expiry.interval:PT1M}",
      initialDelayString = "${slipway.provisioning.expiry.interval:PT1M}")
  void scheduled() {
    if (properties.expiry().enabled()) {
      run();
    }
  }

  private boolean expire(Environment e, Instant now) {
    if (e.status() == EnvironmentStatus.AWAITING_APPROVAL) {
      return lifecycle.withdraw(e, "Expired at " + e.expiresAt() + " while waiting for approval");
    }
    if (!provisioner.claimDeletion(e.id())) {
      return false;
    }
    boolean handedOver = false;
    try {
      if (!environments.expire(
          e.id(),
          now,
          "Expired at " + e.expiresAt() + "; deleting every labelled object and the namespace")) {
        return false;
      }
      log.info("Environment {} ({}) expired; deleting it", e.name(), e.id());
      events.publishEvent(new EnvironmentExpired(e.id(), e.expiresAt()));
      provisioner.deprovision(e, Provisioner.requester(e));
      handedOver = true;
      return true;
    } finally {
      if (!handedOver) {
        provisioner.releaseDeletion(e.id());
      }
    }
  }

  /** One pass: notices, then expiries. Returns how many environments it started deleting. */
  int run() {
    Instant now = clock.instant();
    for (Environment e : environments.dueForNotice(now.plus(properties.expiry().noticeBefore()))) {
      if (environments.markNoticeSent(e.id(), e.expiresAt(), now)) {
        events.publishEvent(new EnvironmentExpiring(e.id(), e.expiresAt(), e.owner()));
      }
    }
    int started = 0;
    List<Environment> expired = environments.expired(now);
    for (Environment e : expired) {
      try {
        if (expire(e, now)) {
          started++;
        }
      } catch (RuntimeException failure) {
        // One environment's trouble must not stop the others' expiry.
        log.warn("Expiring environment {} failed: {}", e.id(), failure.getMessage());
      }
    }
    return started;
  }
}
