package dev.slipway.reliability;

import dev.slipway.cluster.internal.Sandbox;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.InetAddress;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API server of the reliability suite, in a JVM of its own: fabric8's CRUD server, as the
 * sandbox makes it (plain HTTP on loopback). Prints {@code PORT <n>} once it listens, then serves
 * until the process ends (its input closes, or it is killed).
 */
final class ApiServerMain {

  private ApiServerMain() {}

  public static void main(String[] args) throws Exception {
    // It logs every request at INFO.
    Logger.getLogger("io.fabric8.mockwebserver").setLevel(Level.WARNING);
    Logger.getLogger("io.fabric8.kubernetes.client.server.mock").setLevel(Level.WARNING);
    KubernetesMockServer server = Sandbox.newServer();
    server.init(InetAddress.getLoopbackAddress(), 0);
    System.out.println("PORT " + server.getPort());
    System.out.flush();
    // Serves until the test closes our input (or kills the process).
    while (System.in.read() >= 0) {
      // nothing to read; waiting for the end
    }
    server.destroy();
    System.exit(0);
  }
}
