package dev.slipway.cluster.internal;

import dev.slipway.cluster.ClusterMode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import org.jspecify.annotations.Nullable;

/**
 * The client and, in the sandbox, the in-process API server behind it. Public for the tests, which
 * look into the sandbox and inject faults through its expectations; no other module uses it.
 */
public record ClusterConnection(
    ClusterMode mode, KubernetesClient client, @Nullable KubernetesMockServer sandbox)
    implements AutoCloseable {

  @Override
  public void close() {
    client.close();
    if (sandbox != null) {
      sandbox.destroy();
    }
  }

  /**
   * The sandbox: a CRUD API server that serves expectations first (tests inject faults through
   * them); not started.
   */
  public static KubernetesMockServer sandboxServer() {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    return new KubernetesMockServer(
        new Context(),
        new MockWebServer(),
        expectations,
        new KubernetesMixedDispatcher(expectations),
        false);
  }
}
