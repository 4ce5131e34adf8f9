package dev.slipway;

import static org.awaitility.Awaitility.await;

import dev.slipway.provisioning.Environment;
import dev.slipway.provisioning.EnvironmentLifecycle;
import dev.slipway.provisioning.EnvironmentRequest;
import dev.slipway.provisioning.EnvironmentStatus;
import java.time.Duration;

/** Environments for tests that call the lifecycle directly, as a view does. */
public final class Environments {

  private Environments() {}

  /**
   * Requests the environment as the signed-in user and waits (up to 30 s) until it is READY. Polls
   * on the calling thread, since the security context is that thread's.
   */
  public static Environment ready(EnvironmentLifecycle lifecycle, EnvironmentRequest request) {
    Environment requested = lifecycle.request(request);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInSameThread()
        .until(
            () -> lifecycle.find(requested.id()).orElseThrow().status() == EnvironmentStatus.READY);
    return requested;
  }
}
