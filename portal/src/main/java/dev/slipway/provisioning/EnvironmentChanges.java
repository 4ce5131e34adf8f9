package dev.slipway.provisioning;

import dev.slipway.catalog.CatalogTemplate;
import dev.slipway.catalog.TemplateCatalog;
import dev.slipway.cluster.Actor;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentDeletionRequested;
import dev.slipway.provisioning.EnvironmentStateMachine.Guard;
import dev.slipway.provisioning.EnvironmentStateMachine.Trigger;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.CurrentUsers;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.InvalidRequestException;
import dev.slipway.shared.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** What the owner, their team or an SRE may do to an environment: retry, extend, delete. */
@Component
class EnvironmentChanges {

  private final TemplateCatalog catalog;
  private final EnvironmentRepository environments;
  private final EnvironmentQueries queries;
  private final EnvironmentApprovals approvals;
  private final ProvisioningStart provisioning;
  private final LimitCheck limits;
  private final ProvisioningQueue queue;
  private final TransactionTemplate transactions;
  private final CurrentUsers users;
  private final RequestRules rules;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  EnvironmentChanges(
      TemplateCatalog catalog,
      EnvironmentRepository environments,
      EnvironmentQueries queries,
      EnvironmentApprovals approvals,
      ProvisioningStart provisioning,
      LimitCheck limits,
      ProvisioningQueue queue,
      TransactionTemplate transactions,
      CurrentUsers users,
      ProvisioningProperties properties,
      ApplicationEventPublisher events,
      Clock clock) {
    this.catalog = catalog;
    this.environments = environments;
    this.queries = queries;
    this.approvals = approvals;
    this.provisioning = provisioning;
    this.limits = limits;
    this.queue = queue;
    this.transactions = transactions;
    this.users = users;
    this.rules = RequestRules.of(properties);
    this.events = events;
    this.clock = clock;
  }

  /** Whether the current user may delete, extend or retry the environment. */
  boolean mayChange(Environment environment) {
    return users.current().map(u -> mayChange(u, environment)).orElse(false);
  }

  private static boolean mayChange(CurrentUser user, Environment environment) {
    return user.mayChange(environment.owner(), environment.team());
  }

  /** The environment, which the current user may see and change. */
  private Environment changeable(UUID id, CurrentUser user, String verb) {
    Environment environment = queries.visible(id);
    if (!mayChange(user, environment)) {
      throw new AccessDeniedException(
          "Only the owner, their team or an SRE may "
              + verb
              + " environment "
              + environment.name()
              + ".");
    }
    return environment;
  }

  /**
   * Provisions a failed environment again, from its recorded parameters and version. Secret values
   * given with the request were never stored, so the template's defaults and generators supply
   * them. An environment whose template needs approval (by its policy now) waits for an SRE again.
   */
  Environment retry(UUID id) {
    CurrentUser user = users.require();
    Environment environment = changeable(id, user, "retry");
    ConflictException notFailed =
        new ConflictException(
            "status",
            environment.status() == EnvironmentStatus.REJECTED
                ? "Environment "
                    + environment.name()
                    + " was rejected, which is final; request it again once the reason is dealt"
                    + " with."
                : "Environment "
                    + environment.name()
                    + " has not failed, so there is nothing to retry.");
    if (!EnvironmentStateMachine.allows(environment.status(), Trigger.RETRY)) {
      throw notFailed;
    }
    CatalogTemplate template;
    try {
      template = provisioning.renderable(environment);
    } catch (RuntimeException cannot) {
      throw new ConflictException(
          "status",
          "Environment "
              + environment.name()
              + " cannot be retried: "
              + cannot.getMessage()
              + ". Request a new environment instead.");
    }
    try {
      if (catalog.policy(environment.template()).approvalRequired()) {
        awaitApprovalAgain(environment, user, notFailed);
      } else {
        provisioning.restart(
            environment,
            template,
            EnvironmentStateMachine.on(Trigger.RETRY, Guard.NO_APPROVAL_REQUIRED),
            // A failed environment is not live; going again makes it live.
            true,
            "Retried by " + user.name(),
            () -> notFailed,
            () ->
                events.publishEvent(
                    new EnvironmentEvents.EnvironmentRetried(
                        id, user.id(), EnvironmentEvents.about(environment))));
      }
    } catch (DuplicateKeyException taken) {
      throw new ConflictException(
          "name",
          "Another live environment is named "
              + environment.name()
              + " now; request a new environment instead.");
    }
    return queries.current(id);
  }

  /**
   * A retry of an environment whose template needs approval is a new request for it: it waits for
   * an SRE again and nothing reaches the cluster until one approves. Otherwise a rejected or failed
   * request would be a way around approval.
   */
  private void awaitApprovalAgain(
      Environment environment, CurrentUser user, ConflictException raced) {
    transactions.executeWithoutResult(
        tx -> {
          limits.check(environment.owner(), environment.team());
          if (!environments.transition(
              environment.id(),
              EnvironmentStateMachine.on(Trigger.RETRY, Guard.APPROVAL_REQUIRED),
              "Retried by " + user.name() + "; waiting for an SRE to approve the request again",
              clock.instant())) {
            throw raced;
          }
          events.publishEvent(
              new EnvironmentEvents.EnvironmentRetried(
                  environment.id(), user.id(), EnvironmentEvents.about(environment)));
          events.publishEvent(
              new EnvironmentEvents.EnvironmentAwaitingApproval(
                  environment.id(),
                  environment.template(),
                  environment.owner(),
                  EnvironmentEvents.about(environment)));
        });
  }

  /**
   * Gives the environment a new expiry (see {@link ExpiryChange}), for a user who was shown the
   * expiry {@code seen} (null: none shown): when it has changed since, nothing changes and the user
   * is told.
   *
   * @throws InvalidRequestException naming the field when the new expiry is refused
   * @throws ConflictException when the environment is not ready, or its expiry changed meanwhile
   */
  Environment extend(UUID id, ExpiryChange change, boolean shorten, @Nullable Instant seen) {
    CurrentUser user = users.require();
    Environment environment = changeable(id, user, "extend");
    Instant now = clock.instant();
    Instant before = environment.expiresAt();
    ConflictException changed =
        new ConflictException(
            "status",
            "The expiry of "
                + environment.name()
                + " changed meanwhile; look at it again and retry.");
    if (seen != null && !seen.equals(before)) {
      throw changed;
    }
    Instant after = previewExtension(environment, change, shorten, now);
    String reason =
        (after.isBefore(before) ? "Shortened by " : "Extended by ")
            + user.name()
            + ": expires "
            + ExpiryChange.shown(after)
            + " instead of "
            + ExpiryChange.shown(before);
    transactions.executeWithoutResult(
        tx -> {
          if (!environments.extend(
              id, EnvironmentStateMachine.on(Trigger.EXTEND), before, after, reason, now)) {
            throw new ConflictException(
                "status",
                !EnvironmentStateMachine.allows(environment.status(), Trigger.EXTEND)
                    ? "Environment "
                        + environment.name()
                        + " is not ready, so it cannot be extended."
                    : changed.getMessage());
          }
          events.publishEvent(
              new EnvironmentEvents.EnvironmentExtended(
                  id, before, after, user.id(), EnvironmentEvents.about(environment)));
        });
    return queries.current(id);
  }

  /** What {@code change} would make the expiry, for a dialog to show before the user confirms. */
  Instant previewExtension(Environment environment, ExpiryChange change, boolean shorten) {
    return previewExtension(environment, change, shorten, clock.instant());
  }

  private Instant previewExtension(
      Environment environment, ExpiryChange change, boolean shorten, Instant now) {
    return change.resolve(
        environment.expiresAt(),
        now,
        rules.maxTtl(Optional.of(catalog.policy(environment.template()))),
        shorten);
  }

  /**
   * Starts deprovisioning: every labelled object and the namespace are deleted in the background. A
   * request still waiting for approval is withdrawn instead: nothing reached the cluster.
   *
   * @throws NotFoundException when the user may not see it
   * @throws AccessDeniedException when the user may see but not delete it
   * @throws ConflictException when it is still being provisioned or is already deleted
   */
  Environment delete(UUID id) {
    CurrentUser user = users.require();
    Environment environment = changeable(id, user, "delete");
    if (environment.status() == EnvironmentStatus.AWAITING_APPROVAL
        && approvals.withdraw(environment, "Withdrawn by " + user.name() + " before approval")) {
      return queries.current(id);
    }
    ConflictException alreadyDeleting =
        new ConflictException(
            "status", "Environment " + environment.name() + " is already being deleted.");
    // The move to DELETING and the deletion task are one transaction; the row lock makes a second
    // caller wait, then find the task already there.
    transactions.executeWithoutResult(
        tx -> {
          boolean started =
              environments.transition(
                  id,
                  EnvironmentStateMachine.on(Trigger.DELETE),
                  "Deleting every object labelled " + environment.id() + " and the namespace",
                  clock.instant());
          if (!started) {
            throw new ConflictException(
                "status",
                switch (environment.status()) {
                  case DELETED -> "Environment " + environment.name() + " is already deleted.";
                  case REJECTED ->
                      "Environment "
                          + environment.name()
                          + " was rejected, so nothing was created and there is nothing to delete.";
                  default ->
                      "Environment "
                          + environment.name()
                          + " is still being provisioned; delete it once it is ready or failed.";
                });
          }
          if (!queue.delete(id, new Actor(user.name(), user.groups()))) {
            throw alreadyDeleting;
          }
          events.publishEvent(
              new EnvironmentDeletionRequested(
                  id, user.id(), EnvironmentEvents.about(environment)));
        });
    return queries.current(id);
  }
}
