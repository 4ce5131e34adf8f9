package dev.slipway.gate.internal;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.slipway.gate.ReleaseGateEvents;
import dev.slipway.gate.ReleaseGateProperties;
import dev.slipway.shared.AfterCommit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Announces freezes and lifts to a webhook (Slack-compatible {@code {"text": …}} or the event's
 * fields as JSON), on a thread of its own: the gate never waits for it. Failed posts are tried
 * again with doubling pauses, a bounded number of times, then given up with a warning.
 *
 * <p>Each announcement is first stored as an {@code announce-freeze} task in the transaction of the
 * freeze or lift it tells of, so it is sent even when the instance dies before or while sending it:
 * another instance revives the task (at least once, never lost).
 */
@Component
class FreezeNotifier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FreezeNotifier.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static final TaskDescriptor<Announcement> ANNOUNCE =
      TaskDescriptor.of("announce-freeze", Announcement.class);

  /** A message as it will be posted; names, ids and numbers only. */
  record Announcement(String event, String body) {}

  private final ObjectProvider<SchedulerClient> scheduler;
  private final @Nullable URI url;
  private final boolean slack;
  private final int attempts;
  private final Duration backoff;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One at a time, in order: a retried freeze never arrives after the lift that followed it. */
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("freeze-notifier").factory());

  FreezeNotifier(ReleaseGateProperties properties, ObjectProvider<SchedulerClient> scheduler) {
    this.scheduler = scheduler;
    ReleaseGateProperties.Webhook webhook = properties.webhook();
    this.url =
        webhook == null || webhook.url() == null || webhook.url().isBlank()
            ? null
            : URI.create(webhook.url().strip());
    this.slack =
        webhook == null
            || webhook.format() == null
            || webhook.format() == ReleaseGateProperties.Webhook.Format.SLACK;
    this.attempts =
        webhook == null || webhook.attempts() == null ? 5 : Math.max(1, webhook.attempts());
    this.backoff =
        webhook == null || webhook.backoff() == null ? Duration.ofSeconds(1) : webhook.backoff();
  }

  @EventListener
  void frozen(ReleaseGateEvents.ServiceFrozen e) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", "ServiceFrozen");
    fields.put("service", e.service());
    fields.put("environment", e.environment().toString());
    fields.put("slo", e.slo());
    fields.put("budgetRemaining", e.budgetRemaining());
    fields.put("since", e.since().toString());
    send(
        fields,
        String.format(
            Locale.ROOT,
            ":ice_cube: %s is frozen for feature releases: the error budget of %s is spent"
                + " (%.1f %% left), since %s. Reliability and security fixes still ship.",
            e.service(),
            e.slo(),
            e.budgetRemaining() * 100,
            e.since()));
  }

  @EventListener
  void lifted(ReleaseGateEvents.FreezeLifted e) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", "FreezeLifted");
    fields.put("service", e.service());
    fields.put("environment", e.environment().toString());
    fields.put("frozenSince", e.frozenSince().toString());
    send(
        fields,
        ":white_check_mark: "
            + e.service()
            + " is back within its error budgets: feature releases may ship again (frozen since "
            + e.frozenSince()
            + ").");
  }

  private void send(Map<String, Object> fields, String text) {
    if (url == null) {
      return;
    }
    String body = JSON.writeValueAsString(slack ? Map.of("text", text) : fields);
    String event = String.valueOf(fields.get("event"));
    scheduler
        .getObject()
        .schedule(
            ANNOUNCE
                .instance(event + "/" + UUID.randomUUID())
                .data(new Announcement(event, body))
                .scheduledTo(Instant.now()));
    if (scheduler.getObject() instanceof Scheduler local) {
      // Once the freeze and its task are committed, this instance sends at once instead of at
      // its next poll.
      AfterCommit.run(local::triggerCheckForDueExecutions);
    }
  }

  /**
   * The stored announcements, sent one at a time in the order they come (a retried freeze never
   * arrives after the lift that followed it); the task ends when the message is delivered or given
   * up. A task whose instance dies is revived by another.
   */
  @Bean
  Task<Announcement> announceFreezeTask() {
    return Tasks.oneTime(ANNOUNCE)
        .onFailure(
            new FailureHandler.MaxRetriesFailureHandler<>(
                5, new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(10))))
        .onDeadExecutionRevive()
        .execute(
            (instance, context) -> {
              Announcement a = instance.getData();
              try {
                sender.submit(() -> deliver(a.body(), a.event())).get();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Stopped before announcing " + a.event(), e);
              } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("Announcing " + a.event() + " failed", e);
              }
            });
  }

  private void deliver(String body, String event) {
    Duration pause = backoff;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2) {
          return;
        }
        if (response.statusCode() != 429 && response.statusCode() < 500) {
          // The hook refuses the message itself (bad URL, archived channel): trying again won't
          // help.
          log.warn("Webhook refused {} with {}; not retried", event, response.statusCode());
          return;
        }
        log.info("Webhook answered {} to {} (attempt {})", response.statusCode(), event, attempt);
      } catch (java.io.IOException e) {
        log.info("Webhook did not answer {} (attempt {}): {}", event, attempt, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      pause = pause.multipliedBy(2);
    }
    log.warn("Gave up announcing {} to the webhook after {} attempts", event, attempts);
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
