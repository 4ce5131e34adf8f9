package dev.slipway.provisioning;

import dev.slipway.catalog.CatalogTemplate;
import dev.slipway.provisioning.EnvironmentStateMachine.Guard;
import dev.slipway.provisioning.EnvironmentStateMachine.Trigger;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.CurrentUsers;
import dev.slipway.security.Role;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.InvalidRequestException;
import dev.slipway.shared.NulCharacters;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** An SRE's decision on a request whose template needs approval; its withdrawal before one. */
@Component
class EnvironmentApprovals {

  private final EnvironmentRepository environments;
  private final EnvironmentQueries queries;
  private final ProvisioningStart provisioning;
  private final TransactionTemplate transactions;
  private final CurrentUsers users;
  private final ProvisioningProperties properties;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  EnvironmentApprovals(
      EnvironmentRepository environments,
      EnvironmentQueries queries,
      ProvisioningStart provisioning,
      TransactionTemplate transactions,
      CurrentUsers users,
      ProvisioningProperties properties,
      ApplicationEventPublisher events,
      Clock clock) {
    this.environments = environments;
    this.queries = queries;
    this.provisioning = provisioning;
    this.transactions = transactions;
    this.users = users;
    this.properties = properties;
    this.events = events;
    this.clock = clock;
  }

  /**
   * An SRE lets a waiting request go ahead. It is rendered now, from the recorded parameters and
   * the version it was requested from: values that were masked (secrets) are never stored, so the
   * template's defaults and generators supply them.
   *
   * @throws ConflictException when it is not waiting for approval (any more)
   */
  Environment approve(UUID id) {
    CurrentUser sre = requireSre("approve");
    Environment environment = waiting(id);
    if (environment.owner().equals(sre.id()) && !properties.approval().allowSelfApproval()) {
      throw new AccessDeniedException(
          "You requested "
              + environment.name()
              + " yourself: another SRE must approve it (four eyes;"
              + " slipway.provisioning.approval.allow-self-approval).");
    }
    CatalogTemplate template;
    try {
      template = provisioning.renderable(environment);
    } catch (RuntimeException cannot) {
      transactions.executeWithoutResult(
          tx -> {
            if (environments.transition(
                id,
                EnvironmentStateMachine.on(Trigger.APPROVE, Guard.DOES_NOT_RENDER),
                "Approved by " + sre.name() + ", but it cannot be created: " + cannot.getMessage(),
                clock.instant())) {
              events.publishEvent(
                  new EnvironmentEvents.EnvironmentFailed(
                      id,
                      String.valueOf(cannot.getMessage()),
                      EnvironmentEvents.about(environment)));
            }
          });
      return queries.current(id);
    }
    provisioning.restart(
        environment,
        template,
        EnvironmentStateMachine.on(Trigger.APPROVE, Guard.RENDERS),
        false,
        "Approved by " + sre.name(),
        () -> notWaiting(environment),
        () -> {
          // The time to live counts from approval: waiting does not use it up.
          environments.restartTtl(
              id,
              clock
                  .instant()
                  .plus(Duration.between(environment.requestedAt(), environment.expiresAt())));
          events.publishEvent(
              new EnvironmentEvents.EnvironmentApproved(
                  id, sre.id(), EnvironmentEvents.about(environment)));
        });
    return queries.current(id);
  }

  /**
   * An SRE turns a waiting request down, saying why; nothing was created. REJECTED is final: it
   * cannot be retried, so a rejection is never a step towards an unapproved environment.
   *
   * @throws InvalidRequestException when no reason is given
   */
  Environment reject(UUID id, @Nullable String reason) {
    CurrentUser sre = requireSre("reject");
    if (reason == null || reason.isBlank()) {
      throw new InvalidRequestException("reason", "is required: tell the requester why");
    }
    if (NulCharacters.in(reason)) {
      throw new InvalidRequestException("reason", NulCharacters.MESSAGE);
    }
    Environment environment = waiting(id);
    // The move and its event (the ledger's row) are one transaction: both or neither.
    transactions.executeWithoutResult(
        tx -> {
          if (!environments.transition(
              id,
              EnvironmentStateMachine.on(Trigger.REJECT),
              "Rejected by " + sre.name() + ": " + reason.strip(),
              clock.instant())) {
            throw notWaiting(environment);
          }
          events.publishEvent(
              new EnvironmentEvents.EnvironmentRejected(
                  id, sre.id(), reason.strip(), EnvironmentEvents.about(environment)));
        });
    return queries.current(id);
  }

  /** A request that never reached the cluster ends without cluster calls. */
  boolean withdraw(Environment environment, String reason) {
    if (!environments.transition(
        environment.id(), EnvironmentStateMachine.on(Trigger.WITHDRAW), reason, clock.instant())) {
      return false;
    }
    events.publishEvent(
        new EnvironmentEvents.EnvironmentDeleted(
            environment.id(), EnvironmentEvents.about(environment)));
    return true;
  }

  /**
   * Whether the current user may approve or reject the waiting request: an SRE, and not its
   * requester unless self-approval is allowed (four eyes).
   */
  boolean mayDecide(Environment environment) {
    return users
        .current()
        .map(
            u ->
                u.has(Role.SRE)
                    && (!environment.owner().equals(u.id())
                        || properties.approval().allowSelfApproval()))
        .orElse(false);
  }

  private CurrentUser requireSre(String verb) {
    CurrentUser user = users.require();
    if (!user.has(Role.SRE)) {
      throw new AccessDeniedException("Only SREs may " + verb + " requests.");
    }
    return user;
  }

  private Environment waiting(UUID id) {
    Environment environment = queries.visible(id);
    if (environment.status() != EnvironmentStatus.AWAITING_APPROVAL) {
      throw notWaiting(environment);
    }
    return environment;
  }

  private static ConflictException notWaiting(Environment environment) {
    return new ConflictException(
        "status", "Environment " + environment.name() + " is not waiting for approval.");
  }
}
