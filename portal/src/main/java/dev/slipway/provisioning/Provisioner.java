package dev.slipway.provisioning;

import dev.slipway.catalog.RenderedTemplate;
import dev.slipway.catalog.TemplatePolicy;
import dev.slipway.cluster.Actor;
import dev.slipway.cluster.ClusterException;
import dev.slipway.cluster.ClusterGateway;
import dev.slipway.cluster.ClusterMode;
import dev.slipway.cluster.ObjectRef;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentDeleted;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentFailed;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentReady;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Does the cluster work of an environment in the background: namespace, objects, cleanup. On any
 * failure it removes what it created, so nothing is left half-built. Every status change is a
 * conditional transition, so a late or repeated step never overwrites a newer state.
 *
 * <p>The work runs on an in-process executor, for one portal instance. The durable, retrying engine
 * (db-scheduler, several instances, crash recovery across instances) replaces this class in the
 * provisioning-engine issue; the steps are already idempotent (create-or-update, delete-by-label)
 * so they can be retried as they are.
 */
@Component
class Provisioner {

  private static final Logger log = LoggerFactory.getLogger(Provisioner.class);
  private static final List<EnvironmentStatus> UNDER_WAY =
      List.of(EnvironmentStatus.REQUESTED, EnvironmentStatus.PROVISIONING);

  private final EnvironmentRepository environments;
  private final ClusterGateway cluster;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final Executor executor;
  private final Set<UUID> deleting = ConcurrentHashMap.newKeySet();
  private final ReadinessWait readinessWait;

  Provisioner(
      EnvironmentRepository environments,
      ClusterGateway cluster,
      ApplicationEventPublisher events,
      Clock clock,
      ProvisioningProperties properties,
      @Qualifier("provisioningExecutor") Executor executor) {
    this.environments = environments;
    this.cluster = cluster;
    this.events = events;
    this.clock = clock;
    this.executor = executor;
    this.readinessWait =
        new ReadinessWait(clock, properties.readiness().poll(), duration -> Thread.sleep(duration));
  }

  /**
   * Starts provisioning in the background.
   *
   * @throws org.springframework.core.task.TaskRejectedException when the queue is full
   */
  void provision(
      Environment environment,
      RenderedTemplate rendered,
      TemplatePolicy policy,
      java.time.Duration readinessTimeout) {
    executor.execute(
        () -> create(environment, rendered, namespaceGuards(policy), readinessTimeout));
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

  /** Reserves the environment's deletion for one caller; false when one is already under way. */
  boolean claimDeletion(UUID id) {
    return deleting.add(id);
  }

  void releaseDeletion(UUID id) {
    deleting.remove(id);
  }

  /**
   * Deletes in the background, acting as the person deleting; the caller holds the claim, which
   * this releases when done.
   */
  void deprovision(Environment environment, Actor actor) {
    try {
      executor.execute(() -> delete(environment, actor));
    } catch (RuntimeException e) {
      releaseDeletion(environment.id());
      throw e;
    }
  }

  /**
   * Work this instance had under way when it stopped cannot resume (the rendered objects, with
   * their generated secrets, lived only in memory): such environments are cleaned up and failed,
   * and interrupted deletions are resumed.
   */
  @EventListener(ApplicationReadyEvent.class)
  void recoverInterruptedWork() {
    for (Environment environment : environments.listByStatus(UNDER_WAY)) {
      executor.execute(
          () ->
              fail(
                  environment,
                  environment.objects(),
                  -1,
                  "Interrupted by a restart of the portal",
                  UnaryOperator.identity()));
    }
    for (Environment environment : environments.listByStatus(List.of(EnvironmentStatus.DELETING))) {
      if (claimDeletion(environment.id())) {
        deprovision(environment, requester(environment));
      }
    }
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

  private void create(
      Environment environment,
      RenderedTemplate rendered,
      List<Map<String, Object>> guards,
      java.time.Duration readinessTimeout) {
    // The namespace and its quota are the portal's to make (developers usually may not, and
    // should not be able to delete the quota); the template's objects are made as the requester.
    ClusterGateway portal = this.cluster;
    ClusterGateway cluster = this.cluster.actingAs(requester(environment));
    Map<String, String> ownership = ownershipLabels(environment);
    List<Map<String, Object>> manifests = new ArrayList<>(guards);
    manifests.addAll(rendered.objects());
    List<EnvironmentObject> planned = new ArrayList<>();
    for (Map<String, Object> manifest : manifests) {
      ObjectRef ref = ObjectRef.of(manifest);
      Map<String, String> labels = new LinkedHashMap<>(labelsOf(manifest));
      labels.putAll(ownership);
      planned.add(
          new EnvironmentObject(
              ref.apiVersion(), ref.kind(), ref.name(), ObjectStatus.PENDING, "", labels));
    }
    environments.replaceObjects(environment.id(), planned);
    if (!move(
        environment,
        List.of(EnvironmentStatus.REQUESTED),
        EnvironmentStatus.PROVISIONING,
        "Creating namespace " + environment.namespace())) {
      return;
    }

    int current = -1;
    try {
      portal.ensureNamespace(environment.namespace(), ownership);
      // One line for the whole step: each object's row shows its own progress.
      move(
          environment,
          List.of(EnvironmentStatus.PROVISIONING),
          EnvironmentStatus.PROVISIONING,
          "Creating " + manifests.size() + " objects in namespace " + environment.namespace());
      ObjectStatus applied =
          cluster.mode() == ClusterMode.SANDBOX ? ObjectStatus.READY : ObjectStatus.APPLIED;
      for (int i = 0; i < manifests.size(); i++) {
        current = i;
        (i < guards.size() ? portal : cluster)
            .apply(environment.namespace(), manifests.get(i), ownership);
        environments.updateObject(environment.id(), i, applied, "");
      }
      if (cluster.mode() != ClusterMode.SANDBOX) {
        current = -1;
        move(
            environment,
            List.of(EnvironmentStatus.PROVISIONING),
            EnvironmentStatus.PROVISIONING,
            "Waiting for every object to become ready");
        List<String> names = planned.stream().map(o -> o.kind() + " " + o.name()).toList();
        readinessWait.await(
            names,
            i ->
                cluster.readiness(
                    environment.namespace(),
                    new ObjectRef(
                        planned.get(i).apiVersion(), planned.get(i).kind(), planned.get(i).name())),
            (i, r) ->
                environments.updateObject(
                    environment.id(),
                    i,
                    r.ready() ? ObjectStatus.READY : ObjectStatus.APPLIED,
                    rendered.redact(r.message())),
            readinessTimeout);
      }
      if (move(
          environment,
          List.of(EnvironmentStatus.PROVISIONING),
          EnvironmentStatus.READY,
          manifests.size() + " objects created in namespace " + environment.namespace())) {
        log.info("Environment {} ({}) is ready", environment.name(), environment.id());
        events.publishEvent(new EnvironmentReady(environment.id()));
      }
    } catch (RuntimeException e) {
      boolean known = e instanceof ClusterException || e instanceof ReadinessWait.NotReady;
      String cause =
          known
              ? rendered.redact(e.getMessage())
              : "unexpected error: " + e.getClass().getSimpleName();
      if (!known) {
        log.error("Provisioning environment {} failed", environment.id(), e);
      }
      fail(environment, planned, current, cause, rendered::redact);
    }
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
      events.publishEvent(new EnvironmentFailed(environment.id(), reason));
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

  private void delete(Environment environment, Actor actor) {
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
        events.publishEvent(new EnvironmentDeleted(environment.id()));
      }
    } catch (RuntimeException e) {
      log.warn("Deleting environment {} failed: {}", environment.id(), e.getMessage());
      move(
          environment,
          List.of(EnvironmentStatus.DELETING),
          EnvironmentStatus.DELETING,
          "Deletion failed: " + e.getMessage() + ". Delete again to retry.");
    } finally {
      releaseDeletion(environment.id());
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
    return objects.stream().map(o -> new ObjectRef(o.apiVersion(), o.kind(), o.name())).toList();
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
