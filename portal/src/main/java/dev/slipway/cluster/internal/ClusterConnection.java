package dev.slipway.cluster.internal;

import dev.slipway.cluster.ClusterMode;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jspecify.annotations.Nullable;

/**
 * The client and, in the sandbox, the in-process API server behind it. Public for the tests, which
 * look into the sandbox and inject faults through its expectations; no other module uses it.
 */
public record ClusterConnection(
    ClusterMode mode, KubernetesClient client, @Nullable Sandbox sandbox) implements AutoCloseable {

  @Override
  public void close() {
    client.close();
    if (sandbox != null) {
      sandbox.close();
    }
  }
}
