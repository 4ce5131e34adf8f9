package dev.slipway.provisioning;

import dev.slipway.catalog.CatalogTemplate;
import dev.slipway.catalog.RenderedTemplate;
import dev.slipway.catalog.TemplateCatalog;
import dev.slipway.catalog.TemplateParameter;
import dev.slipway.catalog.TemplatePolicy;
import dev.slipway.catalog.TemplateRenderException;
import dev.slipway.cluster.ClusterException;
import dev.slipway.cluster.ClusterGateway;
import dev.slipway.gate.ReleaseFrozen;
import dev.slipway.gate.ReleaseGate;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentRequested;
import dev.slipway.provisioning.EnvironmentStateMachine.Guard;
import dev.slipway.provisioning.EnvironmentStateMachine.Transition;
import dev.slipway.provisioning.EnvironmentStateMachine.Trigger;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.CurrentUsers;
import dev.slipway.security.Role;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldProblem;
import dev.slipway.shared.InvalidRequestException;
import dev.slipway.shared.LimitExceededException;
import dev.slipway.shared.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts requests for environments. Everything a request could get wrong is checked, and the
 * template rendered (from one read of the catalog), before anything is stored or sent to a cluster.
 */
@Component
class EnvironmentRequests {

  private final TemplateCatalog catalog;
  private final EnvironmentRepository environments;
  private final LiveCounts live;
  private final LimitCheck limits;
  private final ProvisioningStart provisioning;
  private final EnvironmentQueries queries;
  private final TransactionTemplate transactions;
  private final ReleaseGate releaseGate;
  private final ClusterGateway cluster;
  private final CurrentUsers users;
  private final RequestRules rules;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final ProvisioningMetrics metrics;

  EnvironmentRequests(
      TemplateCatalog catalog,
      EnvironmentRepository environments,
      LiveCounts live,
      LimitCheck limits,
      ProvisioningStart provisioning,
      EnvironmentQueries queries,
      TransactionTemplate transactions,
      ReleaseGate releaseGate,
      ClusterGateway cluster,
      CurrentUsers users,
      ProvisioningProperties properties,
      ApplicationEventPublisher events,
      Clock clock,
      ProvisioningMetrics metrics) {
    this.catalog = catalog;
    this.environments = environments;
    this.live = live;
    this.limits = limits;
    this.provisioning = provisioning;
    this.queries = queries;
    this.transactions = transactions;
    this.releaseGate = releaseGate;
    this.cluster = cluster;
    this.users = users;
    this.rules = RequestRules.of(properties);
    this.events = events;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** What a request found of its template, for the outcome counted when it is refused. */
  private static final class Attempt {
    @Nullable String template;
  }

  private void refused(EnvironmentRequest request, Attempt attempt, String outcome) {
    String name = request.template();
    // Refused before its template was read (or for a version no longer published): looked up.
    String label =
        attempt.template != null
            ? attempt.template
            : name != null && catalog.find(name.strip()).isPresent() ? name.strip() : "unknown";
    metrics.requested(label, outcome);
  }

  Environment request(EnvironmentRequest request) {
    Attempt attempt = new Attempt();
    try {
      return accept(request, attempt);
    } catch (InvalidRequestException e) {
      refused(request, attempt, "invalid");
      throw e;
    } catch (ConflictException e) {
      refused(request, attempt, "conflict");
      throw e;
    } catch (LimitExceededException e) {
      refused(request, attempt, "limited");
      throw e;
    } catch (ReleaseFrozen e) {
      refused(request, attempt, "frozen");
      throw e;
    } catch (AccessDeniedException e) {
      refused(request, attempt, "denied");
      throw e;
    }
  }

  /**
   * The template named, rendered with the values: found, or the problems why not.
   *
   * @param exists whether the template (version) named is published
   * @param unusable the template's own problem with its objects, refused as soon as it is rendered
   */
  private record Found(
      Optional<TemplateCatalog.Requested> requested,
      boolean exists,
      List<FieldProblem> templateProblems,
      List<FieldProblem> renderProblems,
      Optional<InvalidRequestException> unusable) {

    Found(
        Optional<TemplateCatalog.Requested> requested,
        boolean exists,
        List<FieldProblem> templateProblems,
        List<FieldProblem> renderProblems) {
      this(requested, exists, templateProblems, renderProblems, Optional.empty());
    }
  }

  private Found find(@Nullable String name, @Nullable Integer version, Map<String, String> values) {
    if (name == null || name.isBlank()) {
      return new Found(
          Optional.empty(),
          false,
          List.of(new FieldProblem("template", "is required: name one of GET /api/v1/templates")),
          List.of());
    }
    try {
      return new Found(
          Optional.of(catalog.renderRequested(name, version, values)), true, List.of(), List.of());
    } catch (TemplateRenderException e) {
      return new Found(
          Optional.empty(),
          true,
          List.of(),
          e.problems().stream()
              .map(p -> new FieldProblem("parameters." + p.parameter(), p.message()))
              .toList());
    } catch (InvalidRequestException e) {
      return new Found(Optional.empty(), true, List.of(), List.of(), Optional.of(e));
    } catch (NotFoundException e) {
      if (version != null) {
        return new Found(
            Optional.empty(),
            false,
            List.of(
                new FieldProblem(
                    "templateVersion",
                    "version "
                        + version
                        + " of "
                        + name
                        + " is not published (any more); reload the"
                        + " form or leave templateVersion out for the newest")),
            List.of());
      }
      return new Found(
          Optional.empty(),
          false,
          List.of(
              new FieldProblem(
                  "template",
                  "no template named '"
                      + name
                      + "'; available: "
                      + catalog.templates().stream()
                          .map(CatalogTemplate::name)
                          .collect(Collectors.joining(", ")))),
          List.of());
    }
  }

  private Environment accept(EnvironmentRequest request, Attempt attempt) {
    CurrentUser user = users.require();
    if (!user.has(Role.DEVELOPER) && !user.has(Role.SRE)) {
      throw new AccessDeniedException("Only developers and SREs may request environments.");
    }
    List<FieldProblem> problems = new ArrayList<>();
    Map<String, String> values = RequestRules.checkValues(request.parameters(), new ArrayList<>());
    Found found = find(request.template(), request.templateVersion(), values);
    problems.addAll(found.templateProblems());
    Optional<String> templateName =
        found.exists() ? Optional.of(request.template()) : Optional.empty();
    templateName.ifPresent(t -> attempt.template = t.strip());
    String name = rules.checkName(request.name(), problems);
    Optional<TemplatePolicy> policy = templateName.map(catalog::policy);
    policy.ifPresent(
        p ->
            RequestRules.refusal(p, templateName.get(), user)
                .ifPresent(
                    why -> {
                      throw new AccessDeniedException(why);
                    }));
    Duration ttl = rules.checkTtl(request.ttl(), policy, templateName, problems);
    RequestRules.checkValues(request.parameters(), problems);
    String team = RequestRules.checkTeam(request.team(), user, problems);
    if (found.unusable().isPresent()) {
      throw found.unusable().get();
    }
    problems.addAll(found.renderProblems());
    found.requested().ifPresent(r -> checkObjects(r.template(), values, r.rendered(), problems));
    if (!problems.isEmpty() || found.requested().isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    CatalogTemplate template = found.requested().get().template();
    if (live.liveNameTaken(name)) {
      throw duplicate(name);
    }
    // Asked before the gate too, so a request over its limit records no gate decision; the
    // count that holds is the one under the locks, below, in the transaction that stores it.
    limits.check(user.id(), team);
    checkRelease(request);

    Instant now = clock.instant();
    boolean needsApproval = policy.map(TemplatePolicy::approvalRequired).orElse(false);
    Transition requested =
        EnvironmentStateMachine.on(
            Trigger.REQUEST, needsApproval ? Guard.APPROVAL_REQUIRED : Guard.NO_APPROVAL_REQUIRED);
    Environment environment =
        new Environment(
            UUID.randomUUID(),
            name,
            rules.namespacePrefix() + name,
            template.name(),
            template.version(),
            requested.to(),
            needsApproval ? "Waiting for an SRE to approve the request" : "",
            user.id(),
            user.name(),
            user.groups(),
            team,
            RequestRules.recordable(template, values),
            now,
            now,
            now.plus(ttl),
            List.of());
    Map<String, String> secretValues = RequestRules.secretValues(environment.parameters(), values);
    // The row and its provisioning task are stored together, or neither is.
    try {
      transactions.executeWithoutResult(
          tx -> {
            limits.check(user.id(), team);
            environments.insert(environment, requested);
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
              provisioning.start(environment, template, false, secretValues);
            }
          });
    } catch (DuplicateKeyException raced) {
      throw duplicate(name);
    }
    return environment;
  }

  /**
   * A request that is a new release of an existing service passes that service's release gate: a
   * feature release to a service whose error budget is spent is refused (423) with the gate's
   * reason; fixes pass. The decision is recorded as any gate decision.
   */
  private void checkRelease(EnvironmentRequest request) {
    releaseGate.requireOpen(
        request.releaseOf(), request.change(), id -> queries.find(id).isPresent());
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
                      + (TemplateParameter.looksSecret(parameter) ? RequestRules.MASK : value)
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
