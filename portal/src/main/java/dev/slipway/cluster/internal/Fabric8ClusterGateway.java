package dev.slipway.cluster.internal;

import dev.slipway.cluster.ClusterException;
import dev.slipway.cluster.ClusterGateway;
import dev.slipway.cluster.ClusterMode;
import dev.slipway.cluster.ObjectRef;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fabric8 adapter: server-side apply on real clusters, create-or-update in the sandbox (whose
 * API server has no server-side apply); every call through one {@link RetryPolicy}.
 */
class Fabric8ClusterGateway implements ClusterGateway {

  /** Kinds a template commonly creates, swept by label even when no record names them. */
  private static final List<ObjectRef> COMMON_KINDS =
      List.of(
          new ObjectRef("v1", "Secret", ""),
          new ObjectRef("v1", "ConfigMap", ""),
          new ObjectRef("v1", "Service", ""),
          new ObjectRef("v1", "PersistentVolumeClaim", ""),
          new ObjectRef("v1", "ServiceAccount", ""),
          new ObjectRef("v1", "ResourceQuota", ""),
          new ObjectRef("v1", "LimitRange", ""),
          new ObjectRef("apps/v1", "Deployment", ""),
          new ObjectRef("apps/v1", "StatefulSet", ""),
          new ObjectRef("batch/v1", "Job", ""),
          new ObjectRef("route.openshift.io/v1", "Route", ""));

  /** How objects are written: server-side apply on real clusters; the sandbox cannot. */
  enum ApplyStrategy {
    SERVER_SIDE,
    CREATE_OR_UPDATE
  }

  /** Waits between attempts; tests pass one that does not sleep. */
  interface Sleeper {
    void sleep(java.time.Duration duration) throws InterruptedException;
  }

  static final String FIELD_MANAGER = "slipway";

  private final ClusterMode mode;
  private final KubernetesClient client;
  private final ApplyStrategy applyStrategy;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final dev.slipway.cluster.ClusterProperties.@org.jspecify.annotations.Nullable
      Impersonation
      impersonation;

  /** The Pod Security Standard environment namespaces enforce; empty: no label. */
  private final java.util.Optional<String> podSecurity;

  /**
   * Whether each kind (apiVersion/kind) is namespaced, from fabric8's model or a discovery call
   * that answered; a kind's scope does not change once it is served.
   */
  private final Map<String, Boolean> scopes = new java.util.concurrent.ConcurrentHashMap<>();

  Fabric8ClusterGateway(
      ClusterMode mode,
      KubernetesClient client,
      ApplyStrategy applyStrategy,
      RetryPolicy retry,
      Sleeper sleeper) {
    this(mode, client, applyStrategy, retry, sleeper, null, java.util.Optional.of("restricted"));
  }

  Fabric8ClusterGateway(
      ClusterMode mode,
      KubernetesClient client,
      ApplyStrategy applyStrategy,
      RetryPolicy retry,
      Sleeper sleeper,
      dev.slipway.cluster.ClusterProperties.@org.jspecify.annotations.Nullable Impersonation
          impersonation,
      java.util.Optional<String> podSecurity) {
    this.podSecurity = podSecurity;
    this.mode = mode;
    this.client = client;
    this.applyStrategy = applyStrategy;
    this.retry = retry;
    this.sleeper = sleeper;
    this.impersonation = impersonation;
  }

  @Override
  public ClusterGateway actingAs(dev.slipway.cluster.Actor actor) {
    if (impersonation == null || !impersonation.enabled()) {
      return this;
    }
    String user = impersonation.prefixedUser(actor.user());
    List<String> groups = actor.groups().stream().map(impersonation::prefixedGroup).toList();
    // Never lend the portal's rights to a cluster identity: system: users and groups (e.g.
    // system:masters) would make whoever controls the identity provider's claims cluster-admin.
    if (user.startsWith("system:") || groups.stream().anyMatch(g -> g.startsWith("system:"))) {
      throw new ClusterException(
          403,
          "Refusing to act as "
              + user
              + " "
              + groups
              + ": system: identities are never impersonated");
    }
    // A derived client shares the base client's connections; only its request headers differ.
    var requestConfig =
        new io.fabric8.kubernetes.client.RequestConfigBuilder(
                client.getConfiguration().getRequestConfig())
            .withImpersonateUsername(user)
            .withImpersonateGroups(groups.toArray(String[]::new))
            .withRequestRetryBackoffLimit(0)
            .build();
    KubernetesClient acting = client.newClient(requestConfig).adapt(KubernetesClient.class);
    return new Fabric8ClusterGateway(
        mode, acting, applyStrategy, retry, sleeper, null, podSecurity);
  }

  @Override
  public ClusterMode mode() {
    return mode;
  }

  @Override
  public String describe() {
    return mode == ClusterMode.SANDBOX
        ? "sandbox: objects are stored, nothing runs"
        : client.getMasterUrl().toString();
  }

  @Override
  public void ensureNamespace(String namespace, Map<String, String> labels) {
    String environment = labels.get(ENVIRONMENT);
    call(
        "Namespace " + namespace,
        () -> {
          Namespace existing = client.namespaces().withName(namespace).get();
          if (existing == null) {
            // Kinds are confined by the catalog; what the pods may do, by Pod Security admission.
            Map<String, String> withPodSecurity = new LinkedHashMap<>(labels);
            podSecurity.ifPresent(
                level ->
                    withPodSecurity.put(
                        dev.slipway.cluster.ClusterProperties.POD_SECURITY_ENFORCE, level));
            client
                .resource(
                    new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .withLabels(withPodSecurity)
                        .endMetadata()
                        .build())
                .create();
            return null;
          }
          if (!madeFor(existing, environment)) {
            throw new ClusterException(
                409,
                "Namespace "
                    + namespace
                    + " already exists and does not belong to this environment; choose another"
                    + " name");
          }
          return null;
        });
  }

  /**
   * Whether the portal made this namespace for this environment: it carries the environment's label
   * and the portal's managed-by label, which it is given at creation. Anyone able to label a
   * namespace could add the first alone; both together are the portal's mark.
   */
  private static boolean madeFor(
      Namespace namespace, @org.jspecify.annotations.Nullable String id) {
    Map<String, String> labels = namespace.getMetadata().getLabels();
    return labels != null
        && id != null
        && id.equals(labels.get(ENVIRONMENT))
        && "slipway".equals(labels.get(MANAGED_BY));
  }

  @Override
  public void validate(Map<String, Object> manifest) {
    ObjectRef ref = ObjectRef.of(manifest);
    if (ref.kind().isBlank() || ref.apiVersion().isBlank() || ref.name().isBlank()) {
      throw new ClusterException(422, "an object needs apiVersion, kind and metadata.name: " + ref);
    }
    try {
      toResource(manifest);
    } catch (RuntimeException e) {
      throw new ClusterException(422, ref + ": " + innermostMessage(e), e);
    }
    requireNamespaced(ref);
  }

  /**
   * Whatever the catalog let through, nothing leaves the environment's namespace: an object of a
   * cluster-scoped kind (or one whose scope cannot be told) is refused before any call.
   */
  private void requireNamespaced(ObjectRef ref) {
    if (!namespaced(ref)) {
      throw new ClusterException(
          422,
          ref
              + ": "
              + ref.kind()
              + " ("
              + ref.apiVersion()
              + ") is not a namespaced kind, or its scope is unknown; Slipway creates objects only"
              + " in the environment's namespace");
    }
  }

  /**
   * Whether objects of the kind live in a namespace: fabric8's model knows for its kinds (classes
   * implementing {@link Namespaced}); for others (custom resources) the API server's discovery
   * says, and a kind it does not serve counts as not namespaced. Only answers are kept: a kind not
   * served yet (a CRD installed after start) is asked about again next time, and a discovery call
   * that failed is retried like any call and then thrown, never taken for an answer.
   *
   * @throws ClusterException when discovery cannot be read (5xx, no answer) after the retries
   */
  private boolean namespaced(ObjectRef kind) {
    String key = kind.apiVersion() + "/" + kind.kind();
    Boolean known = scopes.get(key);
    if (known != null) {
      return known;
    }
    Class<? extends HasMetadata> type = typeOf(kind);
    java.util.Optional<Boolean> answer =
        type != GenericKubernetesResource.class
            ? java.util.Optional.of(Namespaced.class.isAssignableFrom(type))
            : discovered(kind.apiVersion(), kind.kind());
    answer.ifPresent(namespaced -> scopes.put(key, namespaced));
    return answer.orElse(false);
  }

  /**
   * What API discovery says of the kind in one group version: whether it is namespaced, or empty
   * when the group version (404) or the kind is not served.
   */
  private java.util.Optional<Boolean> discovered(String groupVersion, String kind) {
    APIResourceList resources =
        call(
            "discovering " + kind + " (" + groupVersion + ")",
            () -> client.getApiResources(groupVersion));
    if (resources == null || resources.getResources() == null) {
      return java.util.Optional.empty();
    }
    return resources.getResources().stream()
        .filter(r -> kind.equals(r.getKind()) && !r.getName().contains("/"))
        .findFirst()
        .map(r -> Boolean.TRUE.equals(r.getNamespaced()));
  }

  /** A kind's scope on this cluster, as API discovery tells it. */
  enum Scope {
    NAMESPACED,
    CLUSTER,
    NOT_SERVED
  }

  /**
   * The scope of a kind named by group (empty for the core group) and kind, as API discovery says:
   * the group's preferred version first, then its others.
   *
   * @throws ClusterException when discovery cannot be read
   */
  Scope scope(String group, String kind) {
    List<String> groupVersions = new ArrayList<>();
    if (group.isEmpty()) {
      groupVersions.add("v1");
    } else {
      APIGroup served = call("discovering API group " + group, () -> client.getApiGroup(group));
      if (served == null) {
        return Scope.NOT_SERVED;
      }
      if (served.getPreferredVersion() != null) {
        groupVersions.add(served.getPreferredVersion().getGroupVersion());
      }
      if (served.getVersions() != null) {
        served.getVersions().stream()
            .map(io.fabric8.kubernetes.api.model.GroupVersionForDiscovery::getGroupVersion)
            .filter(v -> !groupVersions.contains(v))
            .forEach(groupVersions::add);
      }
    }
    for (String groupVersion : groupVersions) {
      java.util.Optional<Boolean> answer = discovered(groupVersion, kind);
      if (answer.isPresent()) {
        scopes.put(groupVersion + "/" + kind, answer.get());
        return answer.get() ? Scope.NAMESPACED : Scope.CLUSTER;
      }
    }
    return Scope.NOT_SERVED;
  }

  /** The same gateway trying each call once: for checks that must not hold up the start. */
  Fabric8ClusterGateway tryingOnce() {
    return new Fabric8ClusterGateway(
        mode, client, applyStrategy, RetryPolicy.NONE, sleeper, impersonation, podSecurity);
  }

  /** Jackson's own words (field and expected type) are in the innermost cause. */
  private static String innermostMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof tools.jackson.databind.DatabindException mapping) {
        String path =
            mapping.getPath().stream()
                .map(
                    r ->
                        r.getPropertyName() != null
                            ? r.getPropertyName()
                            : "[" + r.getIndex() + "]")
                .reduce((a, b) -> a + "." + b)
                .orElse("");
        return (path.isEmpty() ? "" : path + ": ") + mapping.getOriginalMessage();
      }
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message;
  }

  @Override
  public ObjectRef apply(
      String namespace, Map<String, Object> manifest, Map<String, String> labels) {
    ObjectRef ref = ObjectRef.of(manifest);
    requireNamespaced(ref);
    return call(
        ref.toString(),
        () -> {
          HasMetadata object = toResource(manifest);
          ObjectMeta metadata = object.getMetadata();
          Map<String, String> merged = new LinkedHashMap<>();
          if (metadata.getLabels() != null) {
            merged.putAll(metadata.getLabels());
          }
          merged.putAll(labels);
          metadata.setLabels(merged);
          metadata.setNamespace(namespace);
          HasMetadata stored =
              applyStrategy == ApplyStrategy.SERVER_SIDE
                  ? client
                      .resource(object)
                      .inNamespace(namespace)
                      .fieldManager(FIELD_MANAGER)
                      .forceConflicts()
                      .serverSideApply()
                  : client
                      .resource(object)
                      .inNamespace(namespace)
                      .createOr(NonDeletingOperation::update);
          return new ObjectRef(
              stored.getApiVersion(), stored.getKind(), stored.getMetadata().getName());
        });
  }

  @Override
  public dev.slipway.cluster.Readiness readiness(String namespace, ObjectRef object) {
    if (mode == ClusterMode.SANDBOX) {
      return dev.slipway.cluster.Readiness.READY;
    }
    // One attempt: the provisioning task looks again at its next check, holding no thread
    // meanwhile, until the readiness timeout.
    return call(
        object.toString(),
        RetryPolicy.NONE,
        () -> {
          Class<? extends HasMetadata> type = typeOf(object);
          HasMetadata current =
              type == GenericKubernetesResource.class
                  ? client
                      .genericKubernetesResources(object.apiVersion(), object.kind())
                      .inNamespace(namespace)
                      .withName(object.name())
                      .get()
                  : client.resources(type).inNamespace(namespace).withName(object.name()).get();
          return current == null
              ? dev.slipway.cluster.Readiness.failed("it is gone from the cluster")
              : ReadinessRules.of(current);
        });
  }

  @Override
  public List<ObjectRef> deleteEnvironment(
      String namespace, String environmentId, Collection<ObjectRef> known) {
    Set<ObjectRef> kinds = new LinkedHashSet<>();
    known.forEach(k -> kinds.add(new ObjectRef(k.apiVersion(), k.kind(), "")));
    kinds.addAll(COMMON_KINDS);
    // A cluster-scoped kind ignores the namespace: selecting it by label would reach every
    // namespace (an environment recorded before kinds were confined may name one). Never swept.
    kinds.removeIf(kind -> !namespaced(kind));

    for (ObjectRef kind : kinds) {
      call(
          "deleting " + kind.kind() + " objects",
          () -> {
            ifServed(() -> labelled(kind, namespace, environmentId).delete());
            return null;
          });
    }
    List<ObjectRef> remaining = new ArrayList<>();
    for (ObjectRef kind : kinds) {
      call(
          "listing " + kind.kind() + " objects",
          () -> {
            ifServed(
                () ->
                    labelled(kind, namespace, environmentId).list().getItems().stream()
                        // Terminating objects are on their way out (finalizers); the namespace's
                        // deletion below takes the rest with it on a real cluster.
                        .filter(o -> o.getMetadata().getDeletionTimestamp() == null)
                        .forEach(
                            o ->
                                remaining.add(
                                    new ObjectRef(
                                        kind.apiVersion(),
                                        kind.kind(),
                                        o.getMetadata().getName()))));
            return null;
          });
    }
    if (remaining.isEmpty()) {
      call(
          "Namespace " + namespace,
          () -> {
            // Only the environment's own namespace, by name, and only when the portal made it
            // for this environment: never one found by label, never one merely labelled.
            Namespace ns = client.namespaces().withName(namespace).get();
            if (ns != null && madeFor(ns, environmentId)) {
              client.namespaces().withName(namespace).delete();
            }
            return null;
          });
    }
    return remaining;
  }

  private io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable<
          ? extends HasMetadata,
          ? extends io.fabric8.kubernetes.api.model.KubernetesResourceList<? extends HasMetadata>,
          ?>
      labelled(ObjectRef kind, String namespace, String environmentId) {
    Class<? extends HasMetadata> type = typeOf(kind);
    if (type == GenericKubernetesResource.class) {
      return client
          .genericKubernetesResources(kind.apiVersion(), kind.kind())
          .inNamespace(namespace)
          .withLabel(ENVIRONMENT, environmentId);
    }
    return client.resources(type).inNamespace(namespace).withLabel(ENVIRONMENT, environmentId);
  }

  /**
   * Runs the call; a kind this cluster does not serve (404: no Routes on plain Kubernetes) has
   * nothing to delete.
   */
  private static void ifServed(Runnable call) {
    try {
      call.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private HasMetadata toResource(Map<String, Object> manifest) {
    String json = client.getKubernetesSerialization().asJson(new HashMap<>(manifest));
    return client.getKubernetesSerialization().unmarshal(json, HasMetadata.class);
  }

  /**
   * The model class fabric8 registered for the kind, so no API discovery is needed; {@link
   * GenericKubernetesResource} for kinds it does not know (custom resources).
   */
  private Class<? extends HasMetadata> typeOf(ObjectRef kind) {
    Map<String, Object> probe = new HashMap<>();
    probe.put("apiVersion", kind.apiVersion());
    probe.put("kind", kind.kind());
    probe.put("metadata", Map.of("name", "probe"));
    return toResource(probe).getClass();
  }

  /**
   * Runs a cluster call, retrying what may succeed later (see {@link RetryPolicy}); what the
   * cluster finally answered is kept verbatim in the exception.
   */
  private <T> T call(String what, java.util.function.Supplier<T> action) {
    return call(what, retry, action);
  }

  private <T> T call(String what, RetryPolicy retry, java.util.function.Supplier<T> action) {
    long start = System.nanoTime();
    java.time.Duration waited = java.time.Duration.ZERO;
    Outage outage = new Outage();
    for (int attempt = 1; ; attempt++) {
      try {
        return action.get();
      } catch (KubernetesClientException e) {
        int status = e.getCode();
        String symptom = outage.failed(status, e);
        String answer =
            e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : status > 0 ? e.getMessage() : symptom;
        java.time.Duration wait =
            retry.backoff(attempt, java.util.concurrent.ThreadLocalRandom.current());
        // Time spent so far: at least the waits themselves, whatever the clock says.
        java.time.Duration elapsed = java.time.Duration.ofNanos(System.nanoTime() - start);
        java.time.Duration spent = elapsed.compareTo(waited) > 0 ? elapsed : waited;
        boolean again =
            RetryPolicy.retryable(status)
                && retry.allowsAnother(attempt)
                && spent.plus(wait).compareTo(retry.budget()) <= 0;
        if (!again) {
          throw new ClusterException(status, what + ": " + outage.describe(answer, spent), e);
        }
        try {
          sleeper.sleep(wait);
          waited = waited.plus(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new ClusterException(status, what + ": " + answer + " (interrupted)", e);
        }
      }
    }
  }
}
