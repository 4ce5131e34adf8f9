package dev.slipway.provisioning;

import dev.slipway.catalog.RenderedTemplate;
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
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Does the cluster work of an environment in the background: namespace, objects, cleanup. On any
 * failure it removes what it created, so nothing is left half-built.
 *
 * <p>The work runs on an in-process executor. The durable, retrying engine (db-scheduler, several
 * instances, crash recovery) replaces this class in the provisioning-engine issue; the steps are
 * already idempotent (create-or-update, delete-by-label) so they can be retried as they are.
 */
@Component
class Provisioner {

  private static final Logger log = LoggerFactory.getLogger(Provisioner.class);

  private final EnvironmentRepository environments;
  private final ClusterGateway cluster;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final Executor executor;

  Provisioner(
      EnvironmentRepository environments,
      ClusterGateway cluster,
      ApplicationEventPublisher events,
      Clock clock,
      @Qualifier("provisioningExecutor") Executor executor) {
    this.environments = environments;
    this.cluster = cluster;
    this.events = events;
    this.clock = clock;
    this.executor = executor;
  }

  void provision(Environment environment, RenderedTemplate rendered) {
    executor.execute(() -> create(environment, rendered));
  }

  void deprovision(Environment environment) {
    executor.execute(() -> delete(environment));
  }

  static Map<String, String> ownershipLabels(Environment e) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ClusterGateway.MANAGED_BY, "slipway");
    labels.put(ClusterGateway.ENVIRONMENT, e.id().toString());
    labels.put(ClusterGateway.TEMPLATE, e.template());
    labels.put(ClusterGateway.TEMPLATE_VERSION, e.templateVersion());
    return labels;
  }

  private void create(Environment environment, RenderedTemplate rendered) {
    Map<String, String> ownership = ownershipLabels(environment);
    List<Map<String, Object>> manifests = rendered.objects();
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
    environments.transition(
        environment.id(),
        List.of(EnvironmentStatus.REQUESTED),
        EnvironmentStatus.PROVISIONING,
        "Creating namespace " + environment.namespace(),
        clock.instant());

    int current = -1;
    try {
      cluster.ensureNamespace(environment.namespace(), ownership);
      ObjectStatus applied =
          cluster.mode() == ClusterMode.SANDBOX ? ObjectStatus.READY : ObjectStatus.APPLIED;
      for (int i = 0; i < manifests.size(); i++) {
        current = i;
        environments.updateStatus(
            environment.id(),
            EnvironmentStatus.PROVISIONING,
            "Creating "
                + planned.get(i).kind()
                + " "
                + planned.get(i).name()
                + " ("
                + (i + 1)
                + " of "
                + manifests.size()
                + ")",
            clock.instant());
        cluster.apply(environment.namespace(), manifests.get(i), ownership);
        environments.updateObject(environment.id(), i, applied, "");
      }
      environments.updateStatus(
          environment.id(),
          EnvironmentStatus.READY,
          manifests.size() + " objects created in namespace " + environment.namespace(),
          clock.instant());
      log.info("Environment {} ({}) is ready", environment.name(), environment.id());
      events.publishEvent(new EnvironmentReady(environment.id()));
    } catch (RuntimeException e) {
      fail(environment, planned, current, e);
    }
  }

  private void fail(
      Environment environment, List<EnvironmentObject> planned, int current, RuntimeException e) {
    String cause =
        e instanceof ClusterException ce
            ? ce.getMessage()
            : "unexpected error: " + e.getClass().getSimpleName();
    if (!(e instanceof ClusterException)) {
      log.error("Provisioning environment {} failed", environment.id(), e);
    }
    if (current >= 0) {
      environments.updateObject(environment.id(), current, ObjectStatus.FAILED, cause);
    }
    String cleanup = cleanUp(environment, planned, current);
    String reason = cause + ". " + cleanup;
    environments.updateStatus(environment.id(), EnvironmentStatus.FAILED, reason, clock.instant());
    log.warn("Environment {} ({}) failed: {}", environment.name(), environment.id(), reason);
    events.publishEvent(new EnvironmentFailed(environment.id(), reason));
  }

  /** Removes whatever the failed attempt created; says whether anything is left. */
  private String cleanUp(Environment environment, List<EnvironmentObject> planned, int failed) {
    try {
      List<ObjectRef> remaining =
          cluster.deleteEnvironment(
              environment.namespace(), environment.id().toString(), refs(planned));
      if (remaining.isEmpty()) {
        markDeleted(environment, planned, failed);
        return "Everything created for it was removed.";
      }
      return "Cleanup left " + describe(remaining) + "; delete the environment to retry.";
    } catch (RuntimeException cleanupFailure) {
      return "Cleanup failed too ("
          + cleanupFailure.getMessage()
          + "); delete the environment to retry.";
    }
  }

  private void delete(Environment environment) {
    try {
      List<ObjectRef> remaining =
          cluster.deleteEnvironment(
              environment.namespace(), environment.id().toString(), refs(environment.objects()));
      if (!remaining.isEmpty()) {
        environments.updateStatus(
            environment.id(),
            EnvironmentStatus.DELETING,
            "Still present after deletion: " + describe(remaining) + ". Delete again to retry.",
            clock.instant());
        return;
      }
      markDeleted(environment, environment.objects(), -1);
      environments.updateStatus(
          environment.id(),
          EnvironmentStatus.DELETED,
          "Every labelled object and namespace " + environment.namespace() + " deleted",
          clock.instant());
      log.info("Environment {} ({}) deleted", environment.name(), environment.id());
      events.publishEvent(new EnvironmentDeleted(environment.id()));
    } catch (RuntimeException e) {
      log.warn("Deleting environment {} failed: {}", environment.id(), e.getMessage());
      environments.updateStatus(
          environment.id(),
          EnvironmentStatus.DELETING,
          "Deletion failed: " + e.getMessage() + ". Delete again to retry.",
          clock.instant());
    }
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
