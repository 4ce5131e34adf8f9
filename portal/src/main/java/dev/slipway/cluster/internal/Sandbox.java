package dev.slipway.cluster.internal;

import dev.slipway.cluster.ClusterMode;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ClassUtils;

/**
 * The sandbox: fabric8's in-process CRUD API server. Only this class names it, and it is loaded
 * only when the sandbox is chosen (no other signature mentions the server), so the container image
 * can leave the server out: it is for the dev profile and the tests.
 */
public final class Sandbox implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
  private static final String SERVER_CLASS =
      "io.fabric8.kubernetes.client.server.mock.KubernetesMockServer";

  private final KubernetesMockServer server;

  private Sandbox(KubernetesMockServer server) {
    this.server = server;
  }

  /** The running server, for tests that look into it or inject faults through expectations. */
  public KubernetesMockServer server() {
    return server;
  }

  @Override
  public void close() {
    server.destroy();
  }

  /** Whether the sandbox's server is on the class path (not in the container image). */
  static boolean available() {
    return ClassUtils.isPresent(SERVER_CLASS, Sandbox.class.getClassLoader());
  }

  /** A started sandbox and a client of it. */
  static ClusterConnection connection() {
    KubernetesMockServer server = newServer();
    server.init(InetAddress.getLoopbackAddress(), 0);
    log.warn(
        "Cluster: sandbox at {} - objects are stored, nothing runs. Configure a kubeconfig for a"
            + " real cluster.",
        server.url("/"));
    return new ClusterConnection(ClusterMode.SANDBOX, server.createClient(), new Sandbox(server));
  }

  /**
   * A sandbox server that serves expectations first (tests inject faults through them); not
   * started.
   */
  public static KubernetesMockServer newServer() {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    return new KubernetesMockServer(
        new Context(),
        new MockWebServer(),
        expectations,
        new KubernetesMixedDispatcher(expectations),
        false);
  }
}
