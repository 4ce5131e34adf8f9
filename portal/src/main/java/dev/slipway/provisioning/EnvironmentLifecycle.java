package dev.slipway.provisioning;

import dev.slipway.catalog.CatalogTemplate;
import dev.slipway.catalog.RenderedTemplate;
import dev.slipway.catalog.TemplateCatalog;
import dev.slipway.catalog.TemplateParameter;
import dev.slipway.catalog.TemplatePolicy;
import dev.slipway.catalog.TemplateRenderException;
import dev.slipway.cluster.Actor;
import dev.slipway.cluster.ClusterException;
import dev.slipway.cluster.ClusterGateway;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentDeletionRequested;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentRequested;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.CurrentUsers;
import dev.slipway.security.Role;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldProblem;
import dev.slipway.shared.InvalidRequestException;
import dev.slipway.shared.LimitExceededException;
import dev.slipway.shared.NotFoundException;
import dev.slipway.shared.ReleaseFrozenException;
import dev.slipway.slo.GatePolicy;
import dev.slipway.slo.ReleaseGate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Requests, lists and deletes environments. Everything a request could get wrong is checked, and
 * the template rendered, before anything is stored or sent to a cluster.
 */
@Service
public class EnvironmentLifecycle {

  static final String MASK = RenderedTemplate.MASK;
  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private final TemplateCatalog catalog;
  private final EnvironmentRepository environments;
  private final ProvisioningQueue queue;
  private final TransactionTemplate transactions;
  private final ReleaseGate releaseGate;
  private final ClusterGateway cluster;
  private final CurrentUsers users;
  private final ProvisioningProperties properties;
  private final EnvironmentLimits limits;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final ProvisioningMetrics metrics;

  EnvironmentLifecycle(
      TemplateCatalog catalog,
      EnvironmentRepository environments,
      ProvisioningQueue queue,
      TransactionTemplate transactions,
      ReleaseGate releaseGate,
      ClusterGateway cluster,
      CurrentUsers users,
      ProvisioningProperties properties,
      EnvironmentLimits limits,
      ApplicationEventPublisher events,
      Clock clock,
      ProvisioningMetrics metrics) {
    this.metrics = metrics;
    this.catalog = catalog;
    this.environments = environments;
    this.queue = queue;
    this.transactions = transactions;
    this.releaseGate = releaseGate;
    this.cluster = cluster;
    this.users = users;
    this.properties = properties;
    this.limits = limits;
    this.events = events;
    this.clock = clock;
  }

  /** The templates a developer may request from, for the request form. */
  public List<CatalogTemplate> templates() {
    return catalog.templates();
  }

  public Optional<CatalogTemplate> template(String name) {
    return catalog.find(name);
  }

  public Duration defaultTtl() {
    return properties.defaultTtl();
  }

  public Duration maxTtl() {
    return properties.maxTtl();
  }

  /**
   * What the request would create, every secret masked: the form's Preview.
   *
   * @throws InvalidRequestException naming each parameter that keeps the template from rendering
   */
  public TemplateCatalog.Preview preview(String template, int version, Map<String, String> values) {
    try {
      return catalog.preview(template, version, values);
    } catch (TemplateRenderException e) {
      throw new InvalidRequestException(
          e.problems().stream()
              .map(p -> new FieldProblem("parameters." + p.parameter(), p.message()))
              .toList());
    }
  }

  /** The template's policy, to show with the request form (the engine enforces it). */
  public TemplatePolicy policy(String template) {
    return catalog.policy(template);
  }

  /** How long before expiry owners are told (and the page warns). */
  public Duration expiryNotice() {
    return properties.expiry().noticeBefore();
  }

  /** The namespace of an environment is this prefix followed by its name. */
  public String namespacePrefix() {
    return properties.namespacePrefix();
  }

  /** The longest environment name that still makes a valid namespace name. */
  public int maxNameLength() {
    return 63 - properties.namespacePrefix().length();
  }

  /**
   * Accepts a request and starts provisioning it in the background.
   *
   * @throws InvalidRequestException naming every field that is wrong; nothing was stored
   * @throws ConflictException when a live environment already has the name
   */
  public Environment request(EnvironmentRequest request) {
    try {
      return accept(request);
    } catch (InvalidRequestException e) {
      refused(request, "invalid");
      throw e;
    } catch (ConflictException e) {
      refused(request, "conflict");
      throw e;
    } catch (LimitExceededException e) {
      refused(request, "limited");
      throw e;
    } catch (dev.slipway.shared.ReleaseFrozenException e) {
      refused(request, "frozen");
      throw e;
    } catch (AccessDeniedException e) {
      refused(request, "denied");
      throw e;
    }
  }

  private void refused(EnvironmentRequest request, String outcome) {
    String name = request.template();
    metrics.requested(
        name != null && catalog.find(name.strip()).isPresent() ? name.strip() : "unknown", outcome);
  }

  private Environment accept(EnvironmentRequest request) {
    CurrentUser user = users.require();
    if (!user.has(Role.DEVELOPER) && !user.has(Role.SRE)) {
      throw new AccessDeniedException("Only developers and SREs may request environments.");
    }
    List<FieldProblem> problems = new ArrayList<>();
    Optional<CatalogTemplate> template =
        checkTemplate(request.template(), request.templateVersion(), problems);
    String name = checkName(request.name(), problems);
    Optional<TemplatePolicy> policy = template.map(t -> catalog.policy(t.name()));
    policy.ifPresent(p -> checkAllowed(p, template.get().name(), user));
    Duration ttl = checkTtl(request.ttl(), policy, template.map(CatalogTemplate::name), problems);
    Map<String, String> values = checkValues(request.parameters(), problems);
    String team = checkTeam(request.team(), user, problems);
    RenderedTemplate rendered = null;
    if (template.isPresent()) {
      try {
        rendered =
            request.templateVersion() == null
                ? catalog.render(template.get().name(), values)
                : catalog.render(template.get().name(), request.templateVersion(), values);
        checkObjects(template.get(), values, rendered, problems);
      } catch (TemplateRenderException e) {
        e.problems()
            .forEach(
                p -> problems.add(new FieldProblem("parameters." + p.parameter(), p.message())));
      }
    }
    if (!problems.isEmpty() || rendered == null) {
      throw new InvalidRequestException(problems);
    }
    if (environments.liveNameTaken(name)) {
      throw duplicate(name);
    }
    // Asked before the gate too, so a request over its limit records no gate decision; the
    // count that holds is the one under the locks, below, in the transaction that stores it.
    checkLimits(user.id(), team);
    checkRelease(request);

    Instant now = clock.instant();
    boolean needsApproval = policy.map(TemplatePolicy::approvalRequired).orElse(false);
    Environment environment =
        new Environment(
            UUID.randomUUID(),
            name,
            properties.namespacePrefix() + name,
            template.get().name(),
            rendered.templateVersion(),
            needsApproval ? EnvironmentStatus.AWAITING_APPROVAL : EnvironmentStatus.REQUESTED,
            needsApproval ? "Waiting for an SRE to approve the request" : "",
            user.id(),
            user.name(),
            user.groups(),
            team,
            recordable(template.get(), values),
            now,
            now,
            now.plus(ttl),
            List.of());
    Map<String, String> secretValues = new LinkedHashMap<>();
    environment
        .parameters()
        .forEach(
            (k, v) -> {
              if (MASK.equals(v) && values.containsKey(k)) {
                secretValues.put(k, values.get(k));
              }
            });
    // The row and its provisioning task are stored together, or neither is.
    try {
      transactions.executeWithoutResult(
          tx -> {
            checkLimits(user.id(), team);
            environments.insert(environment);
            events.publishEvent(
                new EnvironmentRequested(
                    environment.id(),
                    name,
                    environment.template(),
                    user.id(),
                    team,
                    environment.parameters()));
            if (needsApproval) {
              events.publishEvent(
                  new EnvironmentEvents.EnvironmentAwaitingApproval(
                      environment.id(),
                      environment.template(),
                      user.id(),
                      EnvironmentEvents.about(environment)));
            } else {
              start(environment, template.get(), false, secretValues);
            }
          });
    } catch (DuplicateKeyException raced) {
      throw duplicate(name);
    }
    return environment;
  }

  /**
   * Queues the provisioning task, in the caller's transaction.
   *
   * @param secretsFromGenerators whether masked values are left to the template's generators
   * @param secretValues values given with the request that are never stored
   */
  private void start(
      Environment environment,
      CatalogTemplate template,
      boolean secretsFromGenerators,
      Map<String, String> secretValues) {
    Duration readiness =
        template.readinessTimeout() != null
            ? template.readinessTimeout()
            : properties.readiness().timeout();
    queue.provision(
        new ProvisioningJobs.Provision(environment.id(), secretsFromGenerators, readiness, null),
        secretValues);
  }

  /**
   * An SRE lets a waiting request go ahead. It is rendered now, from the recorded parameters and
   * the version it was requested from: values that were masked (secrets) are never stored, so the
   * template's defaults and generators supply them.
   *
   * @throws ConflictException when it is not waiting for approval (any more)
   */
  public Environment approve(UUID id) {
    CurrentUser sre = requireSre("approve");
    Environment environment = waiting(id);
    if (environment.owner().equals(sre.id()) && !properties.approval().allowSelfApproval()) {
      throw new AccessDeniedException(
          "You requested "
              + environment.name()
              + " yourself: another SRE must approve it (four eyes;"
              + " slipway.provisioning.approval.allow-self-approval).");
    }
    try {
      renderable(environment);
    } catch (RuntimeException cannot) {
      transactions.executeWithoutResult(
          tx -> {
            if (environments.transition(
                id,
                List.of(EnvironmentStatus.AWAITING_APPROVAL),
                EnvironmentStatus.FAILED,
                "Approved by " + sre.name() + ", but it cannot be created: " + cannot.getMessage(),
                clock.instant())) {
              events.publishEvent(
                  new EnvironmentEvents.EnvironmentFailed(
                      id,
                      String.valueOf(cannot.getMessage()),
                      EnvironmentEvents.about(environment)));
            }
          });
      return environments.find(id).orElseThrow();
    }
    restart(
        environment,
        EnvironmentStatus.AWAITING_APPROVAL,
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
    return environments.find(id).orElseThrow();
  }

  /**
   * Provisions a failed environment again, from its recorded parameters and version. Secret values
   * given with the request were never stored, so the template's defaults and generators supply
   * them.
   *
   * @throws NotFoundException when the user may not see it
   * @throws AccessDeniedException when the user may see but not retry it
   * @throws ConflictException when it has not failed, its name is taken meanwhile, or it cannot be
   *     rendered any more (its version retired, a required secret value gone)
   */
  public Environment retry(UUID id) {
    CurrentUser user = users.require();
    Environment environment =
        find(id).orElseThrow(() -> new NotFoundException("No environment with id " + id + "."));
    if (!mayChange(user, environment)) {
      throw new AccessDeniedException(
          "Only the owner, their team or an SRE may retry environment " + environment.name() + ".");
    }
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
    if (environment.status() != EnvironmentStatus.FAILED) {
      throw notFailed;
    }
    try {
      renderable(environment);
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
        restart(
            environment,
            EnvironmentStatus.FAILED,
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
    return environments.find(id).orElseThrow();
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
          checkLimits(environment.owner(), environment.team());
          if (!environments.transition(
              environment.id(),
              List.of(EnvironmentStatus.FAILED),
              EnvironmentStatus.AWAITING_APPROVAL,
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

  /** Renders from the recorded values, masked ones left to defaults and generators. */
  private void renderable(Environment environment) {
    Map<String, String> values = new LinkedHashMap<>();
    environment
        .parameters()
        .forEach(
            (k, v) -> {
              if (!MASK.equals(v)) {
                values.put(k, v);
              }
            });
    catalog.render(environment.template(), Integer.parseInt(environment.templateVersion()), values);
  }

  /** Back to REQUESTED and a new provisioning task, in one transaction. */
  private void restart(
      Environment environment,
      EnvironmentStatus from,
      String reason,
      java.util.function.Supplier<ConflictException> raced,
      Runnable alongside) {
    CatalogTemplate template =
        catalog
            .find(environment.template(), Integer.parseInt(environment.templateVersion()))
            .orElseThrow();
    transactions.executeWithoutResult(
        tx -> {
          if (from == EnvironmentStatus.FAILED) {
            // A failed environment is not live; going again makes it live.
            checkLimits(environment.owner(), environment.team());
          }
          if (!environments.transition(
              environment.id(),
              List.of(from),
              EnvironmentStatus.REQUESTED,
              reason,
              clock.instant())) {
            throw raced.get();
          }
          alongside.run();
          start(environment, template, true, Map.of());
        });
  }

  /**
   * An SRE turns a waiting request down, saying why; nothing was created. REJECTED is final: it
   * cannot be retried, so a rejection is never a step towards an unapproved environment.
   *
   * @throws InvalidRequestException when no reason is given
   */
  public Environment reject(UUID id, @Nullable String reason) {
    CurrentUser sre = requireSre("reject");
    if (reason == null || reason.isBlank()) {
      throw new InvalidRequestException("reason", "is required: tell the requester why");
    }
    if (dev.slipway.shared.NulCharacters.in(reason)) {
      throw new InvalidRequestException("reason", dev.slipway.shared.NulCharacters.MESSAGE);
    }
    Environment environment = waiting(id);
    // The move and its event (the ledger's row) are one transaction: both or neither.
    transactions.executeWithoutResult(
        tx -> {
          if (!environments.transition(
              id,
              List.of(EnvironmentStatus.AWAITING_APPROVAL),
              EnvironmentStatus.REJECTED,
              "Rejected by " + sre.name() + ": " + reason.strip(),
              clock.instant())) {
            throw notWaiting(environment);
          }
          events.publishEvent(
              new EnvironmentEvents.EnvironmentRejected(
                  id, sre.id(), reason.strip(), EnvironmentEvents.about(environment)));
        });
    return environments.find(id).orElseThrow();
  }

  /** A request that never reached the cluster ends without cluster calls. */
  boolean withdraw(Environment environment, String reason) {
    if (!environments.transition(
        environment.id(),
        List.of(EnvironmentStatus.AWAITING_APPROVAL),
        EnvironmentStatus.DELETED,
        reason,
        clock.instant())) {
      return false;
    }
    events.publishEvent(
        new EnvironmentEvents.EnvironmentDeleted(
            environment.id(), EnvironmentEvents.about(environment)));
    return true;
  }

  private CurrentUser requireSre(String verb) {
    CurrentUser user = users.require();
    if (!user.has(Role.SRE)) {
      throw new AccessDeniedException("Only SREs may " + verb + " requests.");
    }
    return user;
  }

  private Environment waiting(UUID id) {
    Environment environment =
        find(id).orElseThrow(() -> new NotFoundException("No environment with id " + id + "."));
    if (environment.status() != EnvironmentStatus.AWAITING_APPROVAL) {
      throw notWaiting(environment);
    }
    return environment;
  }

  private static ConflictException notWaiting(Environment environment) {
    return new ConflictException(
        "status", "Environment " + environment.name() + " is not waiting for approval.");
  }

  /**
   * At most so many live environments per owner and per team. Runs in the transaction that then
   * stores the environment (or makes it live again), under locks per owner and team held until it
   * ends, so concurrent requests, on any instance, are counted one after another.
   */
  private void checkLimits(String owner, @Nullable String team) {
    int perUser = limits.perUser();
    int perTeam = limits.perTeam();
    // Outside a transaction (the early look before the gate) a lock would end with its statement:
    // only the count in the storing transaction takes them.
    boolean locked =
        org.springframework.transaction.support.TransactionSynchronizationManager
            .isActualTransactionActive();
    if (locked && perUser > 0) {
      environments.lockCount(EnvironmentRepository.CountLock.OWNER, owner);
    }
    if (locked && team != null && perTeam > 0) {
      environments.lockCount(EnvironmentRepository.CountLock.TEAM, team);
    }
    if (perUser > 0 && environments.liveOwnedBy(owner) >= perUser) {
      throw new LimitExceededException(
          "slipway.provisioning.limits.per-user",
          "You have "
              + perUser
              + " live environments, the most one person may have; delete one you no longer need.");
    }
    if (team != null && perTeam > 0 && environments.liveOfTeam(team) >= perTeam) {
      throw new LimitExceededException(
          "slipway.provisioning.limits.per-team",
          "Team "
              + team
              + " has "
              + perTeam
              + " live environments, the most one team may have; delete one it no longer needs.");
    }
  }

  /**
   * Every transition and progress step of an environment the user may see, oldest first.
   *
   * @throws NotFoundException when the user may not see it
   */
  public List<EnvironmentTransition> history(UUID id) {
    return history(
        find(id).orElseThrow(() -> new NotFoundException("No environment with id " + id + ".")));
  }

  /** The history of an environment the caller already found (so may see), without asking again. */
  public List<EnvironmentTransition> history(Environment visible) {
    return environments.history(visible.id());
  }

  /**
   * A request that is a new release of an existing service passes that service's release gate: a
   * feature release to a service whose error budget is spent is refused (423) with the gate's
   * reason; fixes pass. The decision is recorded as any gate decision.
   */
  private void checkRelease(EnvironmentRequest request) {
    if (request.releaseOf() == null || request.releaseOf().isBlank()) {
      if (request.change() != null && !request.change().isBlank()) {
        throw new InvalidRequestException("change", "only applies with releaseOf");
      }
      return;
    }
    UUID previous;
    try {
      previous = UUID.fromString(request.releaseOf().strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("releaseOf", "is not an environment id");
    }
    if (find(previous).isEmpty()) {
      throw new InvalidRequestException(
          "releaseOf", "no environment " + previous + " that you may see");
    }
    GatePolicy.Change change = GatePolicy.Change.parse(request.change());
    ReleaseGate.Result gate;
    try {
      gate = releaseGate.check(previous, change);
    } catch (NotFoundException notAService) {
      return; // never provisioned, so no budget to spend
    }
    if (!gate.decision().allowed()) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("service", gate.service());
      if (gate.decision().freeze() != null) {
        details.put("slo", gate.decision().freeze().slo());
        details.put("frozenSince", gate.decision().freeze().since().toString());
      }
      if (gate.decision().budget() != null && !Double.isNaN(gate.decision().budget().remaining())) {
        details.put("budgetRemaining", gate.decision().budget().remaining());
      }
      throw new ReleaseFrozenException(gate.decision().reason(), details);
    }
  }

  /**
   * Why the environment's service is frozen for feature releases (its error budget is spent), if it
   * is; for the views, which show it wherever the environment appears.
   */
  public Optional<String> releaseFreeze(UUID id) {
    try {
      var status = releaseGate.status(id);
      return status.decision().state() == GatePolicy.State.FROZEN
          ? Optional.of(status.decision().reason())
          : Optional.empty();
    } catch (NotFoundException noServiceYet) {
      return Optional.empty();
    }
  }

  /** The environments whose services are frozen for feature releases, as last recorded. */
  public Set<UUID> frozen() {
    return releaseGate.frozen();
  }

  /** Developers see their own environments; SREs and auditors see all. Newest first. */
  public List<Environment> list() {
    CurrentUser user = users.require();
    return environments.list(user.seesAll() ? null : user.id(), user.teamsSeen());
  }

  /** The environment, if it exists and the current user may see it. */
  public Optional<Environment> find(UUID id) {
    CurrentUser user = users.require();
    return environments.find(id).filter(e -> user.sees(e.owner(), e.team()));
  }

  /**
   * Starts deprovisioning: every labelled object and the namespace are deleted in the background.
   *
   * @throws NotFoundException when the user may not see it
   * @throws AccessDeniedException when the user may see but not delete it
   * @throws ConflictException when it is still being provisioned or is already deleted
   */
  public Environment delete(UUID id) {
    CurrentUser user = users.require();
    Environment environment =
        find(id).orElseThrow(() -> new NotFoundException("No environment with id " + id + "."));
    if (!mayChange(user, environment)) {
      throw new AccessDeniedException(
          "Only the owner, their team or an SRE may delete environment "
              + environment.name()
              + ".");
    }
    if (environment.status() == EnvironmentStatus.AWAITING_APPROVAL
        && withdraw(environment, "Withdrawn by " + user.name() + " before approval")) {
      return environments.find(id).orElseThrow();
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
                  List.of(
                      EnvironmentStatus.READY,
                      EnvironmentStatus.FAILED,
                      EnvironmentStatus.AWAITING_APPROVAL,
                      EnvironmentStatus.DELETING),
                  EnvironmentStatus.DELETING,
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
    return environments.find(id).orElseThrow();
  }

  /**
   * Whether the current user may approve or reject the waiting request: an SRE, and not its
   * requester unless self-approval is allowed (four eyes).
   */
  public boolean mayDecide(Environment environment) {
    return users
        .current()
        .map(
            u ->
                u.has(Role.SRE)
                    && (!environment.owner().equals(u.id())
                        || properties.approval().allowSelfApproval()))
        .orElse(false);
  }

  /** Whether the current user may delete, extend or retry the environment. */
  public boolean mayChange(Environment environment) {
    return users.current().map(u -> mayChange(u, environment)).orElse(false);
  }

  /**
   * The template policy's roles and groups: when it names roles, the requester holds one; when it
   * names groups, the requester is in one.
   */
  private static void checkAllowed(TemplatePolicy policy, String template, CurrentUser user) {
    boolean roleOk =
        policy.allowedRoles().isEmpty()
            || policy.allowedRoles().stream()
                .anyMatch(r -> user.roles().stream().anyMatch(has -> has.name().equals(r)));
    boolean groupOk =
        policy.allowedGroups().isEmpty()
            || policy.allowedGroups().stream().anyMatch(user.groups()::contains);
    if (!roleOk || !groupOk) {
      List<String> who = new ArrayList<>();
      policy.allowedRoles().forEach(r -> who.add(r.toLowerCase(java.util.Locale.ROOT) + "s"));
      policy.allowedGroups().forEach(g -> who.add("group " + g));
      throw new AccessDeniedException(
          "Template " + template + " is only for " + String.join(", ", who) + ".");
    }
  }

  private static boolean mayChange(CurrentUser user, Environment environment) {
    return user.mayChange(environment.owner(), environment.team());
  }

  /**
   * The team a request belongs to: the one named, which must be one of the requester's, or their
   * only team; none for a requester in no team.
   */
  private static @Nullable String checkTeam(
      @Nullable String named, CurrentUser user, List<FieldProblem> problems) {
    if (named != null && !named.isBlank()) {
      if (user.teams().contains(named.strip())) {
        return named.strip();
      }
      problems.add(
          new FieldProblem(
              "team",
              user.teams().isEmpty()
                  ? "you are in no team, so leave it out"
                  : "'"
                      + named.strip()
                      + "' is not one of your teams: "
                      + String.join(", ", user.teams())));
      return null;
    }
    if (user.teams().size() > 1) {
      problems.add(
          new FieldProblem(
              "team",
              "is required: you are in several teams (" + String.join(", ", user.teams()) + ")"));
      return null;
    }
    return user.teams().isEmpty() ? null : user.teams().getFirst();
  }

  private Optional<CatalogTemplate> checkTemplate(
      @Nullable String name, @Nullable Integer version, List<FieldProblem> problems) {
    if (name == null || name.isBlank()) {
      problems.add(new FieldProblem("template", "is required: name one of GET /api/v1/templates"));
      return Optional.empty();
    }
    if (version != null) {
      Optional<CatalogTemplate> pinned =
          catalog.find(name, version).filter(t -> catalog.isPublished(name, version));
      if (pinned.isEmpty()) {
        problems.add(
            new FieldProblem(
                "templateVersion",
                "version "
                    + version
                    + " of "
                    + name
                    + " is not published (any more); reload the"
                    + " form or leave templateVersion out for the newest"));
      }
      return pinned;
    }
    Optional<CatalogTemplate> template = catalog.find(name);
    if (template.isEmpty()) {
      problems.add(
          new FieldProblem(
              "template",
              "no template named '"
                  + name
                  + "'; available: "
                  + catalog.templates().stream()
                      .map(CatalogTemplate::name)
                      .collect(Collectors.joining(", "))));
    }
    return template;
  }

  private String checkName(@Nullable String name, List<FieldProblem> problems) {
    int max = maxNameLength();
    if (name == null || name.isBlank()) {
      problems.add(new FieldProblem("name", "is required"));
      return "";
    }
    if (!DNS_1123_LABEL.matcher(name).matches() || name.length() > max) {
      problems.add(
          new FieldProblem(
              "name",
              "'"
                  // A refusal quotes the start of a long value, not all of it.
                  + (name.length() > 80 ? name.substring(0, 80) + "…" : name)
                  + "' is not a DNS-1123 label: use lowercase letters, digits and '-', start and"
                  + " end with a letter or digit, at most "
                  + max
                  + " characters"));
    }
    return name;
  }

  /** The longest lifetime for the template: its policy's maximum, never above the portal's. */
  Duration maxTtl(Optional<TemplatePolicy> policy) {
    Duration templateMax = policy.map(TemplatePolicy::maxTtl).orElse(null);
    return templateMax != null && templateMax.compareTo(properties.maxTtl()) < 0
        ? templateMax
        : properties.maxTtl();
  }

  private Duration defaultTtl(Optional<TemplatePolicy> policy) {
    Duration templateDefault = policy.map(TemplatePolicy::defaultTtl).orElse(null);
    Duration ttl = templateDefault != null ? templateDefault : properties.defaultTtl();
    Duration max = maxTtl(policy);
    return ttl.compareTo(max) > 0 ? max : ttl;
  }

  private Duration checkTtl(
      @Nullable String ttl,
      Optional<TemplatePolicy> policy,
      Optional<String> template,
      List<FieldProblem> problems) {
    if (ttl == null || ttl.isBlank()) {
      return defaultTtl(policy);
    }
    Duration parsed;
    try {
      parsed = Duration.parse(ttl.strip());
    } catch (DateTimeParseException e) {
      problems.add(
          new FieldProblem(
              "ttl", "'" + ttl + "' is not an ISO-8601 duration; write e.g. P3D or PT12H"));
      return defaultTtl(policy);
    }
    Duration max = maxTtl(policy);
    if (parsed.isNegative() || parsed.isZero()) {
      problems.add(new FieldProblem("ttl", "must be longer than zero"));
    } else if (parsed.compareTo(max) > 0) {
      boolean templateLimit = max.compareTo(properties.maxTtl()) < 0;
      problems.add(
          new FieldProblem(
              "ttl",
              ttl
                  + " is longer than the maximum of "
                  + Durations.readable(max)
                  + " ("
                  + Durations.iso(max)
                  + ")"
                  + (templateLimit ? " that template " + template.orElse("") + " allows" : "")));
    }
    return parsed;
  }

  /**
   * Gives the environment a new expiry (see {@link ExpiryChange}): never earlier than the current
   * one unless {@code shorten} says so, never past the template's maximum from now. The change is a
   * history row and an event with the expiry before and after.
   *
   * @throws InvalidRequestException naming the field when the new expiry is refused
   * @throws ConflictException when the environment is not ready, or its expiry changed meanwhile
   */
  public Environment extend(UUID id, ExpiryChange change, boolean shorten) {
    return extend(id, change, shorten, null);
  }

  /**
   * As {@link #extend(UUID, ExpiryChange, boolean)}, for a user who was shown the expiry {@code
   * seen}: when it has changed since (someone else extended it), nothing changes and the user is
   * told, so the expiry applied is the one the dialog previewed.
   */
  public Environment extend(UUID id, ExpiryChange change, boolean shorten, @Nullable Instant seen) {
    CurrentUser user = users.require();
    Environment environment =
        find(id).orElseThrow(() -> new NotFoundException("No environment with id " + id + "."));
    if (!mayChange(user, environment)) {
      throw new AccessDeniedException(
          "Only the owner, their team or an SRE may extend environment "
              + environment.name()
              + ".");
    }
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
    Instant after =
        change.resolve(
            before, now, maxTtl(Optional.of(catalog.policy(environment.template()))), shorten);
    String reason =
        (after.isBefore(before) ? "Shortened by " : "Extended by ")
            + user.name()
            + ": expires "
            + ExpiryChange.shown(after)
            + " instead of "
            + ExpiryChange.shown(before);
    transactions.executeWithoutResult(
        tx -> {
          if (!environments.extend(id, before, after, reason, now)) {
            throw new ConflictException(
                "status",
                environment.status() != EnvironmentStatus.READY
                    ? "Environment "
                        + environment.name()
                        + " is not ready, so it cannot be extended."
                    : changed.getMessage());
          }
          events.publishEvent(
              new EnvironmentEvents.EnvironmentExtended(
                  id, before, after, user.id(), EnvironmentEvents.about(environment)));
        });
    return environments.find(id).orElseThrow();
  }

  /** What {@code change} would make the expiry, for a dialog to show before the user confirms. */
  public Instant previewExtension(Environment environment, ExpiryChange change, boolean shorten) {
    return change.resolve(
        environment.expiresAt(),
        clock.instant(),
        maxTtl(Optional.of(catalog.policy(environment.template()))),
        shorten);
  }

  /**
   * The supplied values as they may be stored and shown: secret-looking and generated parameters
   * masked. Generated values themselves are never here: they exist only in the rendered objects.
   */
  static Map<String, String> recordable(CatalogTemplate template, Map<String, String> values) {
    Set<String> secret =
        template.parameters().stream()
            .filter(TemplateParameter::secret)
            .map(TemplateParameter::name)
            .collect(Collectors.toSet());
    Map<String, String> out = new TreeMap<>();
    values.forEach(
        (k, v) -> out.put(k, secret.contains(k) || TemplateParameter.looksSecret(k) ? MASK : v));
    return new LinkedHashMap<>(out);
  }

  /**
   * Parameter values must be strings, as in {@code oc process -p NAME=value}; their size and
   * content are the catalog's to check when it renders them (for the dry run alike).
   */
  private static Map<String, String> checkValues(
      @Nullable Map<String, String> parameters, List<FieldProblem> problems) {
    if (parameters == null) {
      return Map.of();
    }
    Map<String, String> values = new LinkedHashMap<>();
    parameters.forEach(
        (k, v) -> {
          if (v == null) {
            problems.add(
                new FieldProblem(
                    "parameters." + k,
                    "must be a string; leave the parameter out to use its default"));
          } else {
            values.put(k, v);
          }
        });
    return values;
  }

  /**
   * Every rendered object must be one the cluster client can send. A {@code ${{P}}} value that is
   * not JSON stays a string (as in OpenShift); where the object needs a number there, the parameter
   * is named rather than failing later at the cluster.
   */
  private void checkObjects(
      CatalogTemplate template,
      Map<String, String> values,
      RenderedTemplate rendered,
      List<FieldProblem> problems) {
    for (int i = 0; i < rendered.objects().size(); i++) {
      try {
        cluster.validate(rendered.objects().get(i));
      } catch (ClusterException e) {
        String why = rendered.redact(e.getMessage());
        Set<String> suspects = rendered.untypedParameters(i);
        if (suspects.isEmpty()) {
          problems.add(new FieldProblem("template", "template " + template.name() + ": " + why));
        }
        for (String parameter : suspects) {
          String value = values.getOrDefault(parameter, "");
          problems.add(
              new FieldProblem(
                  "parameters." + parameter,
                  "'"
                      + (TemplateParameter.looksSecret(parameter) ? MASK : value)
                      + "' does not fit where the template uses it ("
                      + why
                      + ")"));
        }
      }
    }
  }

  private static ConflictException duplicate(String name) {
    return new ConflictException(
        "name",
        "An environment named '"
            + name
            + "' already exists; choose another name or delete that one first.");
  }
}
