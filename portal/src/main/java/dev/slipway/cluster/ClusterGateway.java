package dev.slipway.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The cluster port: domain verbs over whichever cluster is configured. Every call is idempotent, so
 * a step that is repeated converges instead of duplicating.
 */
public interface ClusterGateway {

  /** Label every object Slipway creates carries, with the value {@code slipway}. */
  String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** Label naming the environment (its id) an object belongs to. */
  String ENVIRONMENT = "slipway.dev/environment";

  String TEMPLATE = "slipway.dev/template";

  String TEMPLATE_VERSION = "slipway.dev/template-version";

  ClusterMode mode();

  /**
   * This gateway acting as the actor: every call carries Kubernetes impersonation headers when
   * {@code slipway.cluster.impersonation.enabled} is on; otherwise the same gateway.
   */
  ClusterGateway actingAs(Actor actor);

  /** For people: the sandbox notice, or the API server's address. */
  String describe();

  /**
   * Creates the namespace with the given labels, or accepts it when it already exists and carries
   * the same {@link #ENVIRONMENT} label.
   *
   * @throws ClusterException when the namespace exists and belongs to something else
   */
  void ensureNamespace(String namespace, Map<String, String> labels);

  /**
   * Checks, without sending anything, that the manifest is an object the cluster client can send: a
   * known kind whose fields have the right types (a replica count that is a number, …).
   *
   * @throws ClusterException (422) saying which object and field is wrong
   */
  void validate(Map<String, Object> manifest);

  /**
   * Creates or updates one object in the namespace, adding the labels to its metadata.
   *
   * @return the object's reference as the cluster stored it
   * @throws ClusterException with the cluster's answer when it refuses the object
   */
  ObjectRef apply(String namespace, Map<String, Object> manifest, Map<String, String> labels);

  /**
   * How far the object is: Deployments and StatefulSets available, PersistentVolumeClaims bound,
   * Routes admitted, Jobs succeeded; anything else once the API server has it. In the sandbox,
   * where nothing runs, an object is ready once accepted.
   */
  Readiness readiness(String namespace, ObjectRef object);

  /**
   * Deletes everything labelled with the environment in the namespace (the kinds in {@code known}
   * and the common kinds a template creates), then the namespace when it is the environment's.
   *
   * @return the labelled objects still present afterwards; empty when the deletion is complete
   */
  List<ObjectRef> deleteEnvironment(
      String namespace, String environmentId, Collection<ObjectRef> known);
}
