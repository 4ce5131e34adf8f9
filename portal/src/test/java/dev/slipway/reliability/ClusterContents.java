package dev.slipway.reliability;

import dev.slipway.cluster.ClusterGateway;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the API server holds, read directly (not through the fault proxy): every namespace and every
 * object of the kinds an environment may have, labelled or not.
 */
final class ClusterContents implements AutoCloseable {

  /** The kinds looked at: what templates commonly create, and the portal's own objects. */
  static final List<Class<? extends HasMetadata>> KINDS =
      List.of(
          io.fabric8.kubernetes.api.model.ConfigMap.class,
          io.fabric8.kubernetes.api.model.Secret.class,
          io.fabric8.kubernetes.api.model.Service.class,
          io.fabric8.kubernetes.api.model.ServiceAccount.class,
          io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class,
          io.fabric8.kubernetes.api.model.ResourceQuota.class,
          io.fabric8.kubernetes.api.model.LimitRange.class,
          io.fabric8.kubernetes.api.model.apps.Deployment.class,
          io.fabric8.kubernetes.api.model.apps.StatefulSet.class,
          io.fabric8.kubernetes.api.model.batch.v1.Job.class,
          io.fabric8.openshift.api.model.Route.class,
          io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class,
          io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class);

  /** One object: where it is, what it is, and the environment its label names (empty: none). */
  record StoredObject(String namespace, String kind, String name, String environment) {
    String describe() {
      return kind + " " + namespace + "/" + name;
    }
  }

  /** The namespaces (name → environment label) and the objects in them. */
  record Snapshot(Map<String, String> namespaces, List<StoredObject> objects) {

    /** Objects per namespace, as "Kind name", sorted. */
    Map<String, TreeSet<String>> byNamespace() {
      Map<String, TreeSet<String>> out = new TreeMap<>();
      for (StoredObject o : objects) {
        out.computeIfAbsent(o.namespace(), n -> new TreeSet<>()).add(o.kind() + " " + o.name());
      }
      return out;
    }
  }

  private final KubernetesClient client;

  ClusterContents(int apiServerPort) {
    this.client =
        new KubernetesClientBuilder()
            .withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + apiServerPort)
                    .withRequestRetryBackoffLimit(3)
                    .build())
            .build();
  }

  Snapshot snapshot() {
    Map<String, String> namespaces = new TreeMap<>();
    client
        .namespaces()
        .list()
        .getItems()
        .forEach(n -> namespaces.put(n.getMetadata().getName(), label(n).orElse("")));
    List<StoredObject> objects = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : KINDS) {
      for (HasMetadata r : client.resources(kind).inAnyNamespace().list().getItems()) {
        objects.add(
            new StoredObject(
                r.getMetadata().getNamespace(),
                kind.getSimpleName(),
                r.getMetadata().getName(),
                label(r).orElse("")));
      }
    }
    return new Snapshot(namespaces, objects);
  }

  /** Deletes the objects, then the namespaces (the server has no cascade: their contents first). */
  void remove(List<StoredObject> objects, List<String> namespaces) {
    for (StoredObject o : objects) {
      for (Class<? extends HasMetadata> kind : KINDS) {
        if (kind.getSimpleName().equals(o.kind())) {
          client.resources(kind).inNamespace(o.namespace()).withName(o.name()).delete();
        }
      }
    }
    for (String namespace : namespaces) {
      for (Class<? extends HasMetadata> kind : KINDS) {
        client.resources(kind).inNamespace(namespace).delete();
      }
      client.namespaces().withName(namespace).delete();
    }
  }

  private static Optional<String> label(HasMetadata o) {
    Map<String, String> labels = o.getMetadata().getLabels();
    return Optional.ofNullable(labels == null ? null : labels.get(ClusterGateway.ENVIRONMENT));
  }

  @Override
  public void close() {
    client.close();
  }
}
