package dev.slipway.provisioning;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The fence of the durable tasks: no environment is worked on by two executions at once. An
 * execution takes the environment's lease before its first step and checks it before every further
 * step (each cluster call, each status write); while it runs, this instance renews every lease it
 * holds each third of the lease's time. Another execution of the same environment (db-scheduler
 * revives one whose heartbeats stopped, which happens when a database outage outlasts them, while
 * the first may still run) finds the lease held and waits; a holder that lost its lease (it was
 * frozen for longer than the lease) stops at its next step instead of applying. A dead instance's
 * leases run out by themselves, within the lease time, before db-scheduler revives its work.
 *
 * <p>Times are the database's ({@code now()}), so instances' clocks need not agree.
 */
@Component
class EnvironmentLeases implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EnvironmentLeases.class);

  private final JdbcClient jdbc;
  private final EnvironmentRepository environments;
  private final PortalInstance instance;
  private final Duration ttl;
  private final Map<UUID, UUID> held = new ConcurrentHashMap<>();
  private final ScheduledExecutorService renewer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("environment-leases").factory());

  EnvironmentLeases(
      JdbcClient jdbc,
      EnvironmentRepository environments,
      PortalInstance instance,
      ProvisioningProperties properties) {
    this.jdbc = jdbc;
    this.environments = environments;
    this.instance = instance;
    this.ttl = properties.leaseTtl();
    long every = Math.max(100, ttl.toMillis() / 3);
    renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
  }

  /** An execution's hold on one environment. */
  final class Lease implements AutoCloseable {
    private final UUID environment;
    private final UUID token;

    private Lease(UUID environment, UUID token) {
      this.environment = environment;
      this.token = token;
    }

    /**
     * Renews the lease before a step.
     *
     * @throws LeaseLost when another execution holds it now: the caller stops without acting
     */
    void check() {
      int renewed =
          jdbc.sql(
                  """
                  update environment set lease_until = now() + :ttl * interval '1 millisecond'
                  where id = :id and lease_holder = :token""")
              .param("ttl", ttl.toMillis())
              .param("id", environment)
              .param("token", token)
              .update();
      if (renewed == 0) {
        held.remove(environment, token);
        throw new LeaseLost(environment);
      }
    }

    /**
     * Records an object's progress and renews the lease, in one statement: the check before the
     * next step.
     *
     * @throws LeaseLost when another execution holds it now (nothing is recorded)
     */
    void record(int position, ObjectStatus status, String message) {
      if (!environments.updateObjectHolding(environment, token, ttl, position, status, message)) {
        held.remove(environment, token);
        throw new LeaseLost(environment);
      }
    }

    @Override
    public void close() {
      held.remove(environment, token);
      jdbc.sql(
              """
              update environment set lease_holder = null, lease_instance = null, lease_until = null
              where id = :id and lease_holder = :token""")
          .param("id", environment)
          .param("token", token)
          .update();
    }
  }

  /**
   * Takes the environment's lease when nobody holds it (or the holder's has run out).
   *
   * @return empty when another execution holds it: try again later
   */
  Optional<Lease> take(UUID environment) {
    UUID token = UUID.randomUUID();
    int taken =
        jdbc.sql(
                """
                update environment
                set lease_holder = :token, lease_instance = :instance,
                    lease_until = now() + :ttl * interval '1 millisecond'
                where id = :id and (lease_holder is null or lease_until < now())""")
            .param("token", token)
            .param("instance", instance.name())
            .param("ttl", ttl.toMillis())
            .param("id", environment)
            .update();
    if (taken == 0) {
      return Optional.empty();
    }
    held.put(environment, token);
    return Optional.of(new Lease(environment, token));
  }

  /** How long to wait before trying to take a lease someone holds. */
  Duration retryAfter() {
    return ttl.dividedBy(3).compareTo(Duration.ofSeconds(1)) < 0
        ? Duration.ofSeconds(1)
        : ttl.dividedBy(3);
  }

  /** Renews every lease this instance holds; a failure (the database gone) is tried next time. */
  private void renewAll() {
    if (held.isEmpty()) {
      return;
    }
    try {
      jdbc.sql(
              """
              update environment set lease_until = now() + :ttl * interval '1 millisecond'
              where lease_holder in (:tokens)""")
          .param("ttl", ttl.toMillis())
          .param("tokens", java.util.List.copyOf(held.values()))
          .update();
    } catch (RuntimeException e) {
      log.warn("Renewing {} environment leases failed: {}", held.size(), e.getMessage());
    }
  }

  @Override
  public void close() {
    renewer.shutdownNow();
  }

  /** Another execution holds the environment's lease: this one must not act. */
  static final class LeaseLost extends RuntimeException {
    LeaseLost(UUID environment) {
      super(
          "Another execution now works on environment "
              + environment
              + "; this one stops without acting");
    }
  }

  /** The lease is held by another execution: the task is tried again shortly. */
  static final class LeaseHeld extends RuntimeException {
    LeaseHeld(UUID environment) {
      super("Environment " + environment + " is being worked on by another execution");
    }
  }
}
