package dev.slipway.cluster.internal;

import dev.slipway.cluster.Readiness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.openshift.api.model.DeploymentConfig;
import io.fabric8.openshift.api.model.Route;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What "ready" means for each kind, read from the object's status with kstatus' semantics. Pure: no
 * cluster calls.
 *
 * <ul>
 *   <li>A controller must have seen the object's current spec: {@code status.observedGeneration}
 *       caught up with {@code metadata.generation} (when both are set), else it is still waiting.
 *   <li>Deployment: updated and available replicas reach the spec's; {@code Progressing=False}
 *       (ProgressDeadlineExceeded) is a failure.
 *   <li>StatefulSet: ready (and, when reported, updated) replicas reach the spec's, and the update
 *       revision is the current one.
 *   <li>DeploymentConfig (OpenShift): available (and, when reported, updated) replicas reach the
 *       spec's; {@code Progressing=False} (the rollout failed or timed out) is a failure.
 *   <li>Job: by its conditions, {@code Complete} or {@code Failed}; without conditions (an API
 *       server that writes none), {@code succeeded} reaching {@code completions}, or {@code failed}
 *       past {@code backoffLimit}.
 *   <li>PersistentVolumeClaim bound (Lost is a failure); Route admitted by a router.
 * </ul>
 */
final class ReadinessRules {

  private ReadinessRules() {}

  static Readiness of(HasMetadata object) {
    Optional<Readiness> unobserved = unobserved(object);
    if (unobserved.isPresent()) {
      return unobserved.get();
    }
    return switch (object) {
      case Deployment d -> deployment(d);
      case StatefulSet s -> statefulSet(s);
      case DeploymentConfig dc -> deploymentConfig(dc);
      case PersistentVolumeClaim pvc -> {
        String phase = pvc.getStatus() == null ? null : pvc.getStatus().getPhase();
        if ("Bound".equals(phase)) {
          yield Readiness.READY;
        }
        yield "Lost".equals(phase)
            ? Readiness.failed("the claim lost its volume")
            : Readiness.waiting("not bound yet" + (phase == null ? "" : " (" + phase + ")"));
      }
      case Route r -> {
        boolean admitted =
            r.getStatus() != null
                && r.getStatus().getIngress() != null
                && r.getStatus().getIngress().stream()
                    .filter(i -> i.getConditions() != null)
                    .flatMap(i -> i.getConditions().stream())
                    .anyMatch(c -> "Admitted".equals(c.getType()) && "True".equals(c.getStatus()));
        yield admitted ? Readiness.READY : Readiness.waiting("not admitted by a router yet");
      }
      case Job j -> job(j);
      default -> Readiness.READY;
    };
  }

  /** A controller has not yet seen the spec as it is now: nothing in the status counts yet. */
  private static Optional<Readiness> unobserved(HasMetadata object) {
    Long generation = object.getMetadata() == null ? null : object.getMetadata().getGeneration();
    Long observed =
        switch (object) {
          case Deployment d -> d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
          case StatefulSet s ->
              s.getStatus() == null ? null : s.getStatus().getObservedGeneration();
          case DeploymentConfig dc ->
              dc.getStatus() == null ? null : dc.getStatus().getObservedGeneration();
          default -> null;
        };
    if (generation != null && observed != null && observed < generation) {
      return Optional.of(
          Readiness.waiting(
              "its controller has not observed generation "
                  + generation
                  + " yet (at "
                  + observed
                  + ")"));
    }
    return Optional.empty();
  }

  private static Readiness deployment(Deployment d) {
    var status = d.getStatus();
    List<DeploymentCondition> conditions =
        status == null || status.getConditions() == null ? List.of() : status.getConditions();
    for (DeploymentCondition c : conditions) {
      if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus())) {
        return Readiness.failed(
            "its rollout stopped ("
                + Objects.requireNonNullElse(c.getReason(), "Progressing=False")
                + (c.getMessage() == null ? "" : ": " + c.getMessage())
                + ")");
      }
    }
    Integer wanted = d.getSpec() == null ? null : d.getSpec().getReplicas();
    Integer updated = status == null ? null : status.getUpdatedReplicas();
    if (updated != null && updated < Objects.requireNonNullElse(wanted, 1)) {
      return Readiness.waiting(
          updated + " of " + Objects.requireNonNullElse(wanted, 1) + " replicas updated");
    }
    return replicas(wanted, status == null ? null : status.getAvailableReplicas(), "available");
  }

  private static Readiness statefulSet(StatefulSet s) {
    var status = s.getStatus();
    Integer wanted = s.getSpec() == null ? null : s.getSpec().getReplicas();
    Readiness ready = replicas(wanted, status == null ? null : status.getReadyReplicas(), "ready");
    if (!ready.ready()) {
      return ready;
    }
    Integer updated = status == null ? null : status.getUpdatedReplicas();
    if (updated != null && updated < Objects.requireNonNullElse(wanted, 1)) {
      return Readiness.waiting(
          updated + " of " + Objects.requireNonNullElse(wanted, 1) + " replicas updated");
    }
    String current = status == null ? null : status.getCurrentRevision();
    String update = status == null ? null : status.getUpdateRevision();
    if (current != null && update != null && !current.equals(update)) {
      return Readiness.waiting("rolling out revision " + update + " (at " + current + ")");
    }
    return Readiness.READY;
  }

  private static Readiness deploymentConfig(DeploymentConfig dc) {
    var status = dc.getStatus();
    if (status != null && status.getConditions() != null) {
      for (var c : status.getConditions()) {
        if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus())) {
          return Readiness.failed(
              "its rollout failed ("
                  + Objects.requireNonNullElse(c.getReason(), "Progressing=False")
                  + (c.getMessage() == null ? "" : ": " + c.getMessage())
                  + ")");
        }
      }
    }
    Integer wanted = dc.getSpec() == null ? null : dc.getSpec().getReplicas();
    Integer updated = status == null ? null : status.getUpdatedReplicas();
    if (updated != null && updated < Objects.requireNonNullElse(wanted, 1)) {
      return Readiness.waiting(
          updated + " of " + Objects.requireNonNullElse(wanted, 1) + " replicas updated");
    }
    return replicas(wanted, status == null ? null : status.getAvailableReplicas(), "available");
  }

  private static Readiness job(Job j) {
    var status = j.getStatus();
    List<JobCondition> conditions =
        status == null || status.getConditions() == null ? List.of() : status.getConditions();
    Optional<JobCondition> failed = condition(conditions, "Failed");
    if (failed.isPresent()) {
      return Readiness.failed(
          "the job failed ("
              + Objects.requireNonNullElse(failed.get().getReason(), "Failed")
              + (failed.get().getMessage() == null ? "" : ": " + failed.get().getMessage())
              + ")");
    }
    if (condition(conditions, "Complete").isPresent()) {
      return Readiness.READY;
    }
    int completions =
        j.getSpec() == null || j.getSpec().getCompletions() == null
            ? 1
            : j.getSpec().getCompletions();
    int succeeded = status == null || status.getSucceeded() == null ? 0 : status.getSucceeded();
    if (conditions.isEmpty() && succeeded >= completions) {
      return Readiness.READY;
    }
    int backoffLimit =
        j.getSpec() == null || j.getSpec().getBackoffLimit() == null
            ? 6
            : j.getSpec().getBackoffLimit();
    if (status != null && status.getFailed() != null && status.getFailed() > backoffLimit) {
      return Readiness.failed("the job failed " + status.getFailed() + " times");
    }
    return Readiness.waiting(
        completions > 1
            ? succeeded + " of " + completions + " completions succeeded"
            : "not succeeded yet");
  }

  private static Optional<JobCondition> condition(List<JobCondition> conditions, String type) {
    return conditions.stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  private static Readiness replicas(@Nullable Integer wanted, @Nullable Integer have, String word) {
    int want = Objects.requireNonNullElse(wanted, 1);
    int got = Objects.requireNonNullElse(have, 0);
    return got >= want
        ? Readiness.READY
        : Readiness.waiting(got + " of " + want + " replicas " + word);
  }
}
