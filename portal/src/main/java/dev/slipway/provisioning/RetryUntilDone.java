package dev.slipway.provisioning;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a durable task that threw is run again: never given up (its work is idempotent and must
 * happen: a deletion, a cleanup, a monitoring refresh, a provisioning step that met a database
 * outage), with exponential pauses and jitter up to a ceiling, so a long outage costs a try every
 * few minutes and the first tries after a blip come quickly. An execution that found its
 * environment's lease held ({@link EnvironmentLeases.LeaseHeld}) waits a short, fixed time: the
 * holder is working, not failing.
 */
final class RetryUntilDone<T> implements FailureHandler<T> {

  private static final Logger log = LoggerFactory.getLogger(RetryUntilDone.class);

  private final Duration first;
  private final Duration ceiling;
  private final Duration leaseWait;

  RetryUntilDone(Duration first, Duration ceiling, Duration leaseWait) {
    this.first = first;
    this.ceiling = ceiling;
    this.leaseWait = leaseWait;
  }

  @Override
  public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
    Throwable cause = complete.getCause().orElse(null);
    Duration wait =
        cause instanceof EnvironmentLeases.LeaseHeld
            ? leaseWait
            : pause(complete.getExecution().consecutiveFailures + 1);
    if (!(cause instanceof EnvironmentLeases.LeaseHeld)) {
      log.info(
          "{} failed ({}); trying again in {} s",
          complete.getExecution().taskInstance,
          cause == null ? "no cause" : cause.getMessage(),
          wait.toSeconds());
    }
    Instant next = complete.getTimeDone().plus(wait);
    operations.reschedule(complete, next);
  }

  /** The pause after the {@code failures}-th failure in a row: half fixed, half random. */
  Duration pause(int failures) {
    long base = Math.max(1, first.toMillis());
    long exponential = base << Math.min(Math.max(0, failures - 1), 20);
    long capped = Math.min(exponential, Math.max(base, ceiling.toMillis()));
    long half = capped / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }
}
