package dev.slipway.provisioning;

import dev.slipway.provisioning.EnvironmentEvents.EnvironmentFailed;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentReady;
import dev.slipway.provisioning.EnvironmentEvents.EnvironmentRequested;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Provisioning as Prometheus sees it:
 *
 * <ul>
 *   <li>{@code slipway_environment_requests_total{template, outcome}}: requests accepted ({@code
 *       accepted}, also when it waits for approval) and refused ({@code invalid}, {@code conflict},
 *       {@code limited}, {@code frozen}, {@code denied});
 *   <li>{@code slipway_provisioning_total{template, outcome}}: environments that became ready or
 *       failed;
 *   <li>{@code slipway_provisioning_duration_seconds{template, outcome}}: request to ready (or
 *       failed), a histogram;
 *   <li>{@code slipway_provisioning_queue_depth{task, state}}: provisioning and deletion tasks
 *       waiting or running, read from the task table at each scrape.
 * </ul>
 *
 * Counted after the transaction that made the change commits, so a rolled-back change is not
 * counted. The template tag only takes catalog template names: a refused request for a template
 * that does not exist counts as {@code unknown}.
 */
@Component
class ProvisioningMetrics {

  private static final Duration[] BUCKETS = {
    Duration.ofSeconds(5),
    Duration.ofSeconds(15),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(30)
  };

  private final MeterRegistry registry;
  private final EnvironmentRepository environments;
  private final Clock clock;

  ProvisioningMetrics(
      MeterRegistry registry, EnvironmentRepository environments, JdbcClient jdbc, Clock clock) {
    this.registry = registry;
    this.environments = environments;
    this.clock = clock;
    QueueDepth depth = new QueueDepth(jdbc);
    for (String task : new String[] {"provision-environment", "delete-environment"}) {
      for (boolean picked : new boolean[] {false, true}) {
        Gauge.builder("slipway.provisioning.queue.depth", depth, d -> d.of(task, picked))
            .description("Provisioning and deletion tasks waiting for or held by an instance")
            .tag("task", task)
            .tag("state", picked ? "running" : "waiting")
            .register(registry);
      }
    }
  }

  /**
   * The task table counted once per scrape for all four gauges: one grouped query, kept for a
   * second, so the gauges read together agree and the scrape costs one query.
   */
  private static final class QueueDepth {
    private final JdbcClient jdbc;
    private volatile Map<String, Long> counts = Map.of();
    private volatile long readAt = System.nanoTime() - Duration.ofSeconds(2).toNanos();

    QueueDepth(JdbcClient jdbc) {
      this.jdbc = jdbc;
    }

    double of(String task, boolean picked) {
      if (System.nanoTime() - readAt > Duration.ofSeconds(1).toNanos()) {
        Map<String, Long> read = new java.util.HashMap<>();
        jdbc.sql(
                "select task_name, picked, count(*) as n from scheduled_tasks"
                    + " group by task_name, picked")
            .query(
                (java.sql.ResultSet rs) -> {
                  read.put(
                      rs.getString("task_name") + "/" + rs.getBoolean("picked"), rs.getLong("n"));
                });
        counts = read;
        readAt = System.nanoTime();
      }
      return counts.getOrDefault(task + "/" + picked, 0L);
    }
  }

  /** A request the lifecycle refused, or accepted, counted once. */
  void requested(String template, String outcome) {
    Counter.builder("slipway.environment.requests")
        .description("Environment requests by template and outcome")
        .tag("template", template)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  @TransactionalEventListener(fallbackExecution = true)
  void on(EnvironmentRequested event) {
    requested(event.template(), "accepted");
  }

  @TransactionalEventListener(fallbackExecution = true)
  void on(EnvironmentReady event) {
    finished(event.id(), "ready");
  }

  @TransactionalEventListener(fallbackExecution = true)
  void on(EnvironmentFailed event) {
    finished(event.id(), "failed");
  }

  private void finished(UUID id, String outcome) {
    environments
        .row(id)
        .ifPresent(
            e -> {
              Counter.builder("slipway.provisioning")
                  .description("Environments that became ready or failed")
                  .tag("template", e.template())
                  .tag("outcome", outcome)
                  .register(registry)
                  .increment();
              Timer.builder("slipway.provisioning.duration")
                  .description("From request to ready or failed")
                  .tag("template", e.template())
                  .tag("outcome", outcome)
                  .serviceLevelObjectives(BUCKETS)
                  .register(registry)
                  .record(Duration.between(e.requestedAt(), clock.instant()));
            });
  }
}
