package dev.slipway.provisioning;

import dev.slipway.catalog.RenderedTemplate;
import dev.slipway.catalog.TemplatePolicy;
import dev.slipway.cluster.Actor;
import dev.slipway.cluster.ClusterGateway;
import dev.slipway.cluster.ObjectRef;
import dev.slipway.shared.Pure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one provisioning attempt makes, decided before anything reaches the cluster: the namespace
 * and its ownership labels, then every object in the order it is applied (the namespace's
 * ResourceQuota and LimitRange, the service's monitoring objects, the template's objects), each
 * with the labels recorded for it and who applies it. Pure: {@link Provisioner} builds it once per
 * attempt from the rendered template and carries it out.
 *
 * @param objects in the order they are applied; the recorded ones are {@link #records()}
 */
@Pure
record EnvironmentPlan(
    String namespace,
    Map<String, String> ownership,
    List<PlannedObject> objects,
    RenderedTemplate rendered) {

  /** Who applies an object: the portal itself, or the requester (impersonated). */
  enum Applier {
    /** The namespace's guards and the monitoring: developers may not (and should not) own them. */
    PORTAL,
    /** The template's objects: made with the requester's rights. */
    REQUESTER
  }

  /**
   * One object of the plan.
   *
   * @param manifest what is sent to the cluster (it may hold generated values)
   * @param recorded what is stored about it: its name and labels masked like any text
   */
  record PlannedObject(Map<String, Object> manifest, EnvironmentObject recorded, Applier by) {}

  EnvironmentPlan {
    ownership = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ownership));
    objects = List.copyOf(objects);
  }

  /**
   * The plan for an environment: the policy's guards and the monitoring objects applied by the
   * portal, then the rendered objects by the requester; every object recorded PENDING with its own
   * labels (masked) and the environment's ownership labels.
   */
  static EnvironmentPlan of(
      Environment environment,
      TemplatePolicy policy,
      List<Map<String, Object>> monitoring,
      RenderedTemplate rendered) {
    Map<String, String> ownership = ownershipLabels(environment);
    List<PlannedObject> objects = new ArrayList<>();
    List<Map<String, Object>> portal = new ArrayList<>(namespaceGuards(policy));
    portal.addAll(monitoring);
    for (Map<String, Object> manifest : portal) {
      objects.add(planned(manifest, Applier.PORTAL, ownership, rendered));
    }
    for (Map<String, Object> manifest : rendered.objects()) {
      objects.add(planned(manifest, Applier.REQUESTER, ownership, rendered));
    }
    return new EnvironmentPlan(environment.namespace(), ownership, objects, rendered);
  }

  private static PlannedObject planned(
      Map<String, Object> manifest,
      Applier by,
      Map<String, String> ownership,
      RenderedTemplate rendered) {
    ObjectRef ref = ObjectRef.of(manifest);
    // What is recorded about an object is masked like any text: a template may put a generated
    // or secret value in a name or label, and neither may leave the cluster.
    Map<String, String> labels = new LinkedHashMap<>();
    labelsOf(manifest).forEach((k, v) -> labels.put(rendered.redact(k), rendered.redact(v)));
    labels.putAll(ownership);
    return new PlannedObject(
        manifest,
        new EnvironmentObject(
            ref.apiVersion(),
            ref.kind(),
            rendered.redact(ref.name()),
            ObjectStatus.PENDING,
            "",
            labels),
        by);
  }

  /** What is recorded about the objects, in the order they are applied. */
  List<EnvironmentObject> records() {
    return objects.stream().map(PlannedObject::recorded).toList();
  }

  /** The text with every generated or secret value of the rendered template masked. */
  String redact(String text) {
    return rendered.redact(text);
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

  /** The labels of the namespace and of every object: whose they are, and from which template. */
  static Map<String, String> ownershipLabels(Environment e) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ClusterGateway.MANAGED_BY, "slipway");
    labels.put(ClusterGateway.ENVIRONMENT, e.id().toString());
    labels.put(ClusterGateway.TEMPLATE, e.template());
    labels.put(ClusterGateway.TEMPLATE_VERSION, String.valueOf(e.templateVersion()));
    return labels;
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
