package dev.slipway.provisioning;

import dev.slipway.provisioning.EnvironmentEvents.EnvironmentExpired;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentExpiring;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The recurring expiry check: tells owners ahead of time (an event), then deletes what has expired,
 * verifying the deletion as any deletion does, and resumes deletions left in DELETING without a
 * task. It runs as a recurring db-scheduler task, so one instance at a time runs it; every step is
 * a conditional update besides, so each environment is expired once.
 */
@Component
class EnvironmentExpiry {

  private static final Logger log = LoggerFactory.getLogger(EnvironmentExpiry.class);

  private final EnvironmentRepository environments;
  private final ProvisioningQueue queue;
  private final ProvisioningProperties properties;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final EnvironmentApprovals approvals;
  private final TransactionTemplate transactions;

  EnvironmentExpiry(
      EnvironmentRepository environments,
      ProvisioningQueue queue,
      ProvisioningProperties properties,
      ApplicationEventPublisher events,
      Clock clock,
      EnvironmentApprovals approvals,
      TransactionTemplate transactions) {
    this.environments = environments;
    this.approvals = approvals;
    this.queue = queue;
    this.properties = properties;
    this.events = events;
    this.clock = clock;
    this.transactions = transactions;
  }

  private boolean expire(Environment e, Instant now) {
    if (e.status() == EnvironmentStatus.AWAITING_APPROVAL) {
      return approvals.withdraw(e, "Expired at " + e.expiresAt() + " while waiting for approval");
    }
    boolean started =
        Boolean.TRUE.equals(
            transactions.execute(
                tx -> {
                  if (!environments.expire(
                      e.id(),
                      EnvironmentStateMachine.on(EnvironmentStateMachine.Trigger.EXPIRE),
                      now,
                      "Expired at "
                          + e.expiresAt()
                          + "; deleting every labelled object and the namespace")) {
                    return false;
                  }
                  if (!queue.delete(e.id(), EnvironmentPlan.requester(e))) {
                    tx.setRollbackOnly();
                    return false;
                  }
                  events.publishEvent(
                      new EnvironmentExpired(e.id(), e.expiresAt(), EnvironmentEvents.about(e)));
                  return true;
                }));
    if (started) {
      log.info("Environment {} ({}) expired; deleting it", e.name(), e.id());
    }
    return started;
  }

  /** One pass: notices, then expiries. Returns how many environments it started deleting. */
  int run() {
    Instant now = clock.instant();
    for (Environment e : environments.dueForNotice(now.plus(properties.expiry().noticeBefore()))) {
      if (environments.markNoticeSent(e.id(), e.expiresAt(), now)) {
        events.publishEvent(
            new EnvironmentExpiring(e.id(), e.expiresAt(), e.owner(), EnvironmentEvents.about(e)));
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
    resumeDeletions(now);
    return started;
  }

  /**
   * Deletions stuck in DELETING (an outage outlasted an older version's retries, or their task was
   * lost) are queued again; one whose task still exists keeps it (queueing is idempotent).
   */
  private void resumeDeletions(Instant now) {
    for (Environment e : environments.deletingSince(now.minus(properties.expiry().interval()))) {
      try {
        if (queue.delete(e.id(), EnvironmentPlan.requester(e))) {
          log.info("Environment {} ({}) was left deleting; deleting it again", e.name(), e.id());
        }
      } catch (RuntimeException failure) {
        log.warn("Resuming the deletion of {} failed: {}", e.id(), failure.getMessage());
      }
    }
  }
}
