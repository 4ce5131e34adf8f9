package dev.slipway.provisioning;

import dev.slipway.catalog.RenderedTemplate;
import dev.slipway.catalog.TemplateCatalog;
import dev.slipway.catalog.TemplatePolicy;
import dev.slipway.cluster.Actor;
import dev.slipway.cluster.ClusterException;
import dev.slipway.cluster.ClusterGateway;
import dev.slipway.cluster.ClusterMode;
import dev.slipway.cluster.ObjectRef;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentDeleted;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentFailed;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentReady;
import dev.slipway.slo.ServiceLevels;
import dev.slipway.slo.ServiceObjective;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The work of the durable provisioning and deletion tasks (see {@link ProvisioningTasks}): one
 * execution applies an environment's objects, then, on a real cluster, each further execution
 * checks readiness once until every object is ready or the template's timeout passes. Every step is
 * idempotent (create-or-update, delete-by-label, conditional transitions), so an execution that is
 * retried, or resumed by another portal instance after a crash, converges instead of duplicating:
 * generated values come from a {@link KeyedRandom}, so a resumed attempt creates the same values.
 * On any failure it removes what it created, so nothing is left half-built.
 */
@Component
class Provisioner {

  private static final Logger log = LoggerFactory.getLogger(Provisioner.class);
  private static final List<EnvironmentStatus> UNDER_WAY =
      List.of(EnvironmentStatus.REQUESTED, EnvironmentStatus.PROVISIONING);

  private final EnvironmentRepository environments;
  private final TemplateCatalog catalog;
  private final ClusterGateway cluster;
  private final ProvisioningQueue queue;
  private final ServiceLevels serviceLevels;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final byte[] generatorKey;
  private final AtomicInteger applied = new AtomicInteger();

  Provisioner(
      EnvironmentRepository environments,
      TemplateCatalog catalog,
      ClusterGateway cluster,
      ProvisioningQueue queue,
      ServiceLevels serviceLevels,
      ApplicationEventPublisher events,
      Clock clock,
      ProvisioningProperties properties) {
    this.serviceLevels = serviceLevels;
    this.environments = environments;
    this.catalog = catalog;
    this.cluster = cluster;
    this.queue = queue;
    this.events = events;
    this.clock = clock;
    this.generatorKey = generatorKey(properties.generatorKey(), cluster.mode());
  }

  private static byte[] generatorKey(@Nullable String configured, ClusterMode mode) {
    if (configured != null && !configured.isBlank()) {
      byte[] key = Base64.getDecoder().decode(configured.strip());
      if (key.length < 32) {
        throw new IllegalStateException(
            "slipway.provisioning.generator-key must be at least 32 random bytes, base64-encoded");
      }
      return key;
    }
    if (mode != ClusterMode.SANDBOX) {
      log.warn(
          "slipway.provisioning.generator-key is not set: this instance made its own. If another"
              + " instance resumes provisioning this one started, it generates different values;"
              + " give every instance the same key (32+ random bytes, base64).");
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  /** How many apply steps this instance ran: for tests of exactly-once execution. */
  int appliedCount() {
    return applied.get();
  }

  /**
   * One execution of a provisioning task.
   *
   * @return the task's next execution (a readiness check), or empty when it is done
   */
  Optional<ProvisioningJobs.Provision> provision(ProvisioningJobs.Provision job) {
    Optional<Environment> found = environments.find(job.environment());
    if (found.isEmpty() || !UNDER_WAY.contains(found.get().status())) {
      // Done already (another attempt finished it) or deleted meanwhile: nothing to converge.
      queue.forget(job.environment());
      return Optional.empty();
    }
    Environment environment = found.get();
    Optional<ProvisioningJobs.Provision> next =
        job.readyBy() == null ? create(environment, job) : checkReadiness(environment, job);
    if (next.isEmpty()) {
      // Ready, failed or overtaken: nothing will render this environment again.
      queue.forget(job.environment());
    }
    return next;
  }

  /**
   * The template policy's ResourceQuota and LimitRange for the namespace, created before the
   * template's own objects so that they are bound by them.
   */
  static List<Map<String, Object>> namespaceGuards(TemplatePolicy policy) {
    List<Map<String, Object>> guards = new ArrayList<>();
    if (!policy.quota().isEmpty()) {
      guards.add(
          Map.of(
              "apiVersion",
              "v1",
              "kind",
              "ResourceQuota",
              "metadata",
              Map.of("name", "slipway-quota"),
              "spec",
              Map.of("hard", new LinkedHashMap<>(policy.quota()))));
    }
    if (!policy.limitDefaults().isEmpty() || !policy.limitDefaultRequests().isEmpty()) {
      Map<String, Object> limit = new LinkedHashMap<>();
      limit.put("type", "Container");
      if (!policy.limitDefaults().isEmpty()) {
        limit.put("default", new LinkedHashMap<>(policy.limitDefaults()));
      }
      if (!policy.limitDefaultRequests().isEmpty()) {
        limit.put("defaultRequest", new LinkedHashMap<>(policy.limitDefaultRequests()));
      }
      guards.add(
          Map.of(
              "apiVersion",
              "v1",
              "kind",
              "LimitRange",
              "metadata",
              Map.of("name", "slipway-limits"),
              "spec",
              Map.of("limits", List.of(limit))));
    }
    return guards;
  }

  /** Cluster calls for an environment act as the person who asked for it. */
  static Actor requester(Environment e) {
    return new Actor(e.ownerName(), e.ownerGroups());
  }

  static Map<String, String> ownershipLabels(Environment e) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ClusterGateway.MANAGED_BY, "slipway");
    labels.put(ClusterGateway.ENVIRONMENT, e.id().toString());
    labels.put(ClusterGateway.TEMPLATE, e.template());
    labels.put(ClusterGateway.TEMPLATE_VERSION, e.templateVersion());
    return labels;
  }

  /**
   * The objects of the environment as its request rendered them: recorded parameter values, the
   * values given with the request that this instance holds in memory, and generated values from the
   * environment's keyed source.
   *
   * @throws CannotResume when secret values given with the request are needed and gone
   */
  private RenderedTemplate render(Environment environment, ProvisioningJobs.Provision job) {
    Map<String, String> given = queue.secretValues(environment.id()).orElse(Map.of());
    Map<String, String> values = new LinkedHashMap<>();
    List<String> lost = new ArrayList<>();
    environment
        .parameters()
        .forEach(
            (name, value) -> {
              if (!EnvironmentLifecycle.MASK.equals(value)) {
                values.put(name, value);
              } else if (given.containsKey(name)) {
                values.put(name, given.get(name));
              } else if (!job.secretsFromGenerators()) {
                lost.add(name);
              }
            });
    if (!lost.isEmpty()) {
      throw new CannotResume(
          "The portal instance that received the request stopped before using the secret values"
              + " given for "
              + String.join(", ", lost)
              + ", and such values are never stored; request the environment again");
    }
    return catalog.render(
        environment.template(),
        Integer.parseInt(environment.templateVersion()),
        values,
        new KeyedRandom(generatorKey, environment.id().toString()));
  }

  /** Work that cannot go on after a crash; the message says what to do. */
  static final class CannotResume extends RuntimeException {
    CannotResume(String message) {
      super(message);
    }
  }

  private Optional<ProvisioningJobs.Provision> create(
      Environment environment, ProvisioningJobs.Provision job) {
    RenderedTemplate rendered;
    try {
      rendered = render(environment, job);
    } catch (RuntimeException e) {
      String cause =
          e instanceof CannotResume
              ? e.getMessage()
              : "Its template cannot be rendered any more: " + e.getMessage();
      fail(environment, environment.objects(), -1, cause, UnaryOperator.identity());
      return Optional.empty();
    }
    applied.incrementAndGet();
    List<Map<String, Object>> guards = namespaceGuards(catalog.policy(environment.template()));
    // The namespace and its quota are the portal's to make (developers usually may not, and
    // should not be able to delete the quota); the template's objects are made as the requester.
    ClusterGateway portal = this.cluster;
    ClusterGateway cluster = this.cluster.actingAs(requester(environment));
    Map<String, String> ownership = ownershipLabels(environment);
    // Nothing reaches a cluster unmonitored: the service's objectives are recorded and its
    // monitoring is created first, by the portal, like the namespace's guards.
    List<Map<String, Object>> manifests = new ArrayList<>(guards);
    try {
      List<ServiceObjective> objectives =
          serviceLevels.record(
              environment.id(),
              environment.name(),
              environment.namespace(),
              rendered.objectives(),
              environment.template(),
              environment.owner(),
              environment.team(),
              environment.ownerName());
      manifests.addAll(
          serviceLevels.monitoringFor(environment.id(), objectives, rendered.objects()));
    } catch (RuntimeException e) {
      log.error("Recording the objectives of environment {} failed", environment.id(), e);
      fail(
          environment,
          environment.objects(),
          -1,
          "Its service-level objectives could not be recorded ("
              + e.getClass().getSimpleName()
              + "); nothing reaches the cluster unmonitored",
          UnaryOperator.identity());
      return Optional.empty();
    }
    int portalOwned = manifests.size();
    manifests.addAll(rendered.objects());
    List<EnvironmentObject> planned = new ArrayList<>();
    for (Map<String, Object> manifest : manifests) {
      ObjectRef ref = ObjectRef.of(manifest);
      // What is recorded about an object is masked like any text: a template may put a generated
      // or secret value in a name or label, and neither may leave the cluster.
      Map<String, String> labels = new LinkedHashMap<>();
      labelsOf(manifest).forEach((k, v) -> labels.put(rendered.redact(k), rendered.redact(v)));
      labels.putAll(ownership);
      planned.add(
          new EnvironmentObject(
              ref.apiVersion(),
              ref.kind(),
              rendered.redact(ref.name()),
              ObjectStatus.PENDING,
              "",
              labels));
    }
    environments.replaceObjects(environment.id(), planned);
    if (!move(
        environment,
        UNDER_WAY,
        EnvironmentStatus.PROVISIONING,
        "Creating namespace " + environment.namespace())) {
      return Optional.empty();
    }

    int current = -1;
    try {
      portal.ensureNamespace(environment.namespace(), ownership);
      // One line for the whole step: each object's row shows its own progress.
      move(
          environment,
          UNDER_WAY,
          EnvironmentStatus.PROVISIONING,
          "Creating " + manifests.size() + " objects in namespace " + environment.namespace());
      boolean sandbox = cluster.mode() == ClusterMode.SANDBOX;
      ObjectStatus applied = sandbox ? ObjectStatus.READY : ObjectStatus.APPLIED;
      for (int i = 0; i < manifests.size(); i++) {
        current = i;
        (i < portalOwned ? portal : cluster)
            .apply(environment.namespace(), manifests.get(i), ownership);
        environments.updateObject(environment.id(), i, applied, "");
      }
      if (!sandbox) {
        move(
            environment,
            UNDER_WAY,
            EnvironmentStatus.PROVISIONING,
            "Waiting for every object to become ready (at most "
                + Durations.readable(job.readinessTimeout())
                + ")");
        return Optional.of(job.waitingUntil(clock.instant().plus(job.readinessTimeout())));
      }
      ready(environment, manifests.size());
      return Optional.empty();
    } catch (RuntimeException e) {
      fail(
          environment,
          planned,
          current,
          describe(e, environment, rendered::redact),
          rendered::redact);
      return Optional.empty();
    }
  }

  /** One look at every object not ready yet; the task comes back until all are or time is up. */
  private Optional<ProvisioningJobs.Provision> checkReadiness(
      Environment environment, ProvisioningJobs.Provision job) {
    Optional<RenderedTemplate> rendered = rendering(environment, job);
    UnaryOperator<String> redact =
        rendered.<UnaryOperator<String>>map(r -> r::redact).orElse(UnaryOperator.identity());
    List<EnvironmentObject> objects = environment.objects();
    ClusterGateway cluster = this.cluster.actingAs(requester(environment));
    try {
      List<Integer> pending = new ArrayList<>();
      for (int i = 0; i < objects.size(); i++) {
        if (objects.get(i).status() != ObjectStatus.READY) {
          pending.add(i);
        }
      }
      ReadinessRound.Result result =
          ReadinessRound.check(
              pending,
              i -> objects.get(i).kind() + " " + objects.get(i).name(),
              i -> cluster.readiness(environment.namespace(), liveRef(objects, i, rendered)),
              (i, r) ->
                  environments.updateObject(
                      environment.id(),
                      i,
                      r.ready() ? ObjectStatus.READY : ObjectStatus.APPLIED,
                      redact.apply(r.message())));
      switch (result) {
        case ReadinessRound.AllReady ignored -> {
          ready(environment, objects.size());
          return Optional.empty();
        }
        case ReadinessRound.Failed failed -> {
          fail(environment, objects, failed.index(), redact.apply(failed.message()), redact);
          return Optional.empty();
        }
        case ReadinessRound.Waiting waiting -> {
          if (clock.instant().isBefore(job.readyBy())) {
            return Optional.of(job);
          }
          fail(
              environment,
              objects,
              -1,
              redact.apply(
                  "not ready after "
                      + Durations.readable(job.readinessTimeout())
                      + ": "
                      + String.join("; ", waiting.objects())),
              redact);
          return Optional.empty();
        }
      }
    } catch (RuntimeException e) {
      fail(environment, objects, -1, describe(e, environment, redact), redact);
      return Optional.empty();
    }
  }

  /**
   * The environment's objects rendered again: readiness messages come from the cluster and have the
   * environment's values masked with it, and a name recorded masked is looked up by its real name.
   */
  private Optional<RenderedTemplate> rendering(
      Environment environment, ProvisioningJobs.Provision job) {
    try {
      return Optional.of(render(environment, job));
    } catch (RuntimeException cannot) {
      return Optional.empty();
    }
  }

  /**
   * The object at {@code index} as the cluster names it. The template's objects are the last of the
   * recorded ones (the portal's guards and monitoring come first), in the order rendered.
   */
  private static ObjectRef liveRef(
      List<EnvironmentObject> objects, int index, Optional<RenderedTemplate> rendered) {
    EnvironmentObject recorded = objects.get(index);
    if (!recorded.name().contains(RenderedTemplate.MASK) || rendered.isEmpty()) {
      return ref(recorded);
    }
    List<Map<String, Object>> manifests = rendered.get().objects();
    int at = index - (objects.size() - manifests.size());
    return at >= 0 && at < manifests.size() ? ObjectRef.of(manifests.get(at)) : ref(recorded);
  }

  private void ready(Environment environment, int objects) {
    if (move(
        environment,
        List.of(EnvironmentStatus.PROVISIONING),
        EnvironmentStatus.READY,
        objects + " objects created in namespace " + environment.namespace())) {
      log.info("Environment {} ({}) is ready", environment.name(), environment.id());
      events.publishEvent(
          new EnvironmentReady(environment.id(), EnvironmentEvents.about(environment)));
    }
  }

  private static String describe(
      RuntimeException e, Environment environment, UnaryOperator<String> redact) {
    if (e instanceof ClusterException) {
      return redact.apply(e.getMessage());
    }
    log.error("Provisioning environment {} failed", environment.id(), e);
    return "unexpected error: " + e.getClass().getSimpleName();
  }

  private void fail(
      Environment environment,
      List<EnvironmentObject> planned,
      int current,
      String cause,
      UnaryOperator<String> redact) {
    if (current >= 0) {
      environments.updateObject(environment.id(), current, ObjectStatus.FAILED, cause);
    }
    String reason = cause + ". " + cleanUp(environment, planned, current, redact);
    if (move(environment, UNDER_WAY, EnvironmentStatus.FAILED, reason)) {
      log.warn("Environment {} ({}) failed: {}", environment.name(), environment.id(), reason);
      events.publishEvent(
          new EnvironmentFailed(environment.id(), reason, EnvironmentEvents.about(environment)));
    }
  }

  /** Removes whatever the failed attempt created; says whether anything is left. */
  private String cleanUp(
      Environment environment,
      List<EnvironmentObject> planned,
      int failed,
      UnaryOperator<String> redact) {
    try {
      List<ObjectRef> remaining =
          cluster
              .actingAs(requester(environment))
              .deleteEnvironment(
                  environment.namespace(), environment.id().toString(), refs(planned));
      if (remaining.isEmpty()) {
        markDeleted(environment, planned, failed);
        return "Everything created for it was removed.";
      }
      return "Cleanup left " + describe(remaining) + "; delete the environment to retry.";
    } catch (RuntimeException cleanupFailure) {
      return "Cleanup failed too ("
          + redact.apply(String.valueOf(cleanupFailure.getMessage()))
          + "); delete the environment to retry.";
    }
  }

  /**
   * One execution of a deletion task, acting as the person who deleted (or, for expiry, the
   * requester). Nothing to do when the environment is no longer being deleted.
   */
  void delete(ProvisioningJobs.Deletion job) {
    Optional<Environment> found =
        environments.find(job.environment()).filter(e -> e.status() == EnvironmentStatus.DELETING);
    if (found.isEmpty()) {
      return;
    }
    Environment environment = found.get();
    Actor actor = new Actor(job.actor(), job.actorGroups());
    try {
      List<ObjectRef> remaining =
          cluster
              .actingAs(actor)
              .deleteEnvironment(
                  environment.namespace(),
                  environment.id().toString(),
                  refs(environment.objects()));
      if (!remaining.isEmpty()) {
        move(
            environment,
            List.of(EnvironmentStatus.DELETING),
            EnvironmentStatus.DELETING,
            "Still present after deletion: " + describe(remaining) + ". Delete again to retry.");
        return;
      }
      markDeleted(environment, environment.objects(), -1);
      if (move(
          environment,
          List.of(EnvironmentStatus.DELETING),
          EnvironmentStatus.DELETED,
          "Every labelled object and namespace " + environment.namespace() + " deleted")) {
        log.info("Environment {} ({}) deleted", environment.name(), environment.id());
        events.publishEvent(
            new EnvironmentDeleted(environment.id(), EnvironmentEvents.about(environment)));
      }
    } catch (RuntimeException e) {
      log.warn("Deleting environment {} failed: {}", environment.id(), e.getMessage());
      move(
          environment,
          List.of(EnvironmentStatus.DELETING),
          EnvironmentStatus.DELETING,
          "Deletion failed: " + e.getMessage() + ". Delete again to retry.");
    }
  }

  private boolean move(
      Environment environment, List<EnvironmentStatus> from, EnvironmentStatus to, String reason) {
    return environments.transition(environment.id(), from, to, reason, clock.instant());
  }

  /** Marks the objects deleted, except the one that failed (its message says why). */
  private void markDeleted(Environment environment, List<EnvironmentObject> objects, int failed) {
    for (int i = 0; i < objects.size(); i++) {
      if (i != failed && objects.get(i).status() != ObjectStatus.FAILED) {
        environments.updateObject(environment.id(), i, ObjectStatus.DELETED, "");
      }
    }
  }

  private static List<ObjectRef> refs(List<EnvironmentObject> objects) {
    return objects.stream().map(Provisioner::ref).toList();
  }

  private static ObjectRef ref(EnvironmentObject o) {
    return new ObjectRef(o.apiVersion(), o.kind(), o.name());
  }

  private static String describe(List<ObjectRef> refs) {
    return refs.stream().map(ObjectRef::toString).collect(Collectors.joining(", "));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> labelsOf(Map<String, Object> manifest) {
    if (manifest.get("metadata") instanceof Map<?, ?> metadata
        && metadata.get("labels") instanceof Map<?, ?> labels) {
      Map<String, String> out = new LinkedHashMap<>();
      ((Map<String, Object>) labels).forEach((k, v) -> out.put(k, String.valueOf(v)));
      return out;
    }
    return Map.of();
  }
}
