package dev.slipway.provisioning;

import dev.slipway.catalog.CatalogTemplate;
import dev.slipway.catalog.TemplateCatalog;
import dev.slipway.catalog.TemplatePolicy;
import dev.slipway.catalog.TemplateRenderException;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldProblem;
import dev.slipway.shared.InvalidRequestException;
import dev.slipway.shared.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * The provisioning module's API for environments: what the REST controller and the views call. Each
 * concern lives in a class of its own, changed for its own reasons: {@link EnvironmentRequests}
 * (with the pure {@link RequestRules}), {@link EnvironmentApprovals}, {@link EnvironmentChanges}
 * and {@link EnvironmentQueries}; every status they set is a move of {@link
 * EnvironmentStateMachine}.
 */
@Service
public class EnvironmentLifecycle {

  private final TemplateCatalog catalog;
  private final EnvironmentRequests requests;
  private final EnvironmentApprovals approvals;
  private final EnvironmentChanges changes;
  private final EnvironmentQueries queries;
  private final ProvisioningProperties properties;
  private final RequestRules rules;

  EnvironmentLifecycle(
      TemplateCatalog catalog,
      EnvironmentRequests requests,
      EnvironmentApprovals approvals,
      EnvironmentChanges changes,
      EnvironmentQueries queries,
      ProvisioningProperties properties) {
    this.catalog = catalog;
    this.requests = requests;
    this.approvals = approvals;
    this.changes = changes;
    this.queries = queries;
    this.properties = properties;
    this.rules = RequestRules.of(properties);
  }

  // --- for the request form ---

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
    return rules.maxNameLength();
  }

  // --- requests ---

  /**
   * Accepts a request and starts provisioning it in the background.
   *
   * @throws InvalidRequestException naming every field that is wrong; nothing was stored
   * @throws ConflictException when a live environment already has the name
   */
  public Environment request(EnvironmentRequest request) {
    return requests.request(request);
  }

  // --- approvals ---

  /**
   * An SRE lets a waiting request go ahead, rendered now from its recorded parameters.
   *
   * @throws ConflictException when it is not waiting for approval (any more)
   */
  public Environment approve(UUID id) {
    return approvals.approve(id);
  }

  /**
   * An SRE turns a waiting request down, saying why; REJECTED is final.
   *
   * @throws InvalidRequestException when no reason is given
   */
  public Environment reject(UUID id, @Nullable String reason) {
    return approvals.reject(id, reason);
  }

  /**
   * Whether the current user may approve or reject the waiting request: an SRE, and not its
   * requester unless self-approval is allowed (four eyes).
   */
  public boolean mayDecide(Environment environment) {
    return approvals.mayDecide(environment);
  }

  // --- changes to a live environment ---

  /**
   * Provisions a failed environment again, from its recorded parameters and version.
   *
   * @throws NotFoundException when the user may not see it
   * @throws AccessDeniedException when the user may see but not retry it
   * @throws ConflictException when it has not failed, its name is taken meanwhile, or it cannot be
   *     rendered any more (its version retired, a required secret value gone)
   */
  public Environment retry(UUID id) {
    return changes.retry(id);
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
    return changes.extend(id, change, shorten, null);
  }

  /**
   * As {@link #extend(UUID, ExpiryChange, boolean)}, for a user who was shown the expiry {@code
   * seen}: when it has changed since (someone else extended it), nothing changes and the user is
   * told, so the expiry applied is the one the dialog previewed.
   */
  public Environment extend(UUID id, ExpiryChange change, boolean shorten, @Nullable Instant seen) {
    return changes.extend(id, change, shorten, seen);
  }

  /** What {@code change} would make the expiry, for a dialog to show before the user confirms. */
  public Instant previewExtension(Environment environment, ExpiryChange change, boolean shorten) {
    return changes.previewExtension(environment, change, shorten);
  }

  /**
   * Starts deprovisioning: every labelled object and the namespace are deleted in the background.
   *
   * @throws NotFoundException when the user may not see it
   * @throws AccessDeniedException when the user may see but not delete it
   * @throws ConflictException when it is still being provisioned or is already deleted
   */
  public Environment delete(UUID id) {
    return changes.delete(id);
  }

  /** Whether the current user may delete, extend or retry the environment. */
  public boolean mayChange(Environment environment) {
    return changes.mayChange(environment);
  }

  // --- queries ---

  /** Developers see their own environments; SREs and auditors see all. Newest first. */
  public List<Environment> list() {
    return queries.list();
  }

  /** The environment, if it exists and the current user may see it. */
  public Optional<Environment> find(UUID id) {
    return queries.find(id);
  }

  /**
   * Every transition and progress step of an environment the user may see, oldest first.
   *
   * @throws NotFoundException when the user may not see it
   */
  public List<EnvironmentTransition> history(UUID id) {
    return queries.history(queries.visible(id));
  }

  /** The history of an environment the caller already found (so may see), without asking again. */
  public List<EnvironmentTransition> history(Environment visible) {
    return queries.history(visible);
  }

  /**
   * Why the environment's service is frozen for feature releases (its error budget is spent), if it
   * is; for the views, which show it wherever the environment appears.
   */
  public Optional<String> releaseFreeze(UUID id) {
    return queries.releaseFreeze(id);
  }

  /** The environments whose services are frozen for feature releases, as last recorded. */
  public Set<UUID> frozen() {
    return queries.frozen();
  }
}
