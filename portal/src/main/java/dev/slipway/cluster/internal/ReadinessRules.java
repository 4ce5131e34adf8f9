package dev.slipway.cluster.internal;

import dev.slipway.cluster.Readiness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.openshift.api.model.Route;
import java.util.Objects;

/** What "ready" means for each kind, read from the object's status. Pure: no cluster calls. */
final class ReadinessRules {

  private ReadinessRules() {}

  static Readiness of(HasMetadata object) {
    return switch (object) {
      case Deployment d ->
          replicas(
              d.getSpec() == null ? null : d.getSpec().getReplicas(),
              d.getStatus() == null ? null : d.getStatus().getAvailableReplicas(),
              "available");
      case StatefulSet s ->
          replicas(
              s.getSpec() == null ? null : s.getSpec().getReplicas(),
              s.getStatus() == null ? null : s.getStatus().getReadyReplicas(),
              "ready");
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
      case Job j -> {
        var status = j.getStatus();
        if (status != null && status.getSucceeded() != null && status.getSucceeded() > 0) {
          yield Readiness.READY;
        }
        int backoffLimit =
            j.getSpec() == null || j.getSpec().getBackoffLimit() == null
                ? 6
                : j.getSpec().getBackoffLimit();
        if (status != null && status.getFailed() != null && status.getFailed() > backoffLimit) {
          yield Readiness.failed("the job failed " + status.getFailed() + " times");
        }
        yield Readiness.waiting("not succeeded yet");
      }
      default -> Readiness.READY;
    };
  }

  private static Readiness replicas(Integer wanted, Integer have, String word) {
    int want = Objects.requireNonNullElse(wanted, 1);
    int got = Objects.requireNonNullElse(have, 0);
    return got >= want
        ? Readiness.READY
        : Readiness.waiting(got + " of " + want + " replicas " + word);
  }
}
