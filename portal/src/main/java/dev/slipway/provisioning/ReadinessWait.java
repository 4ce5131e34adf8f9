package dev.slipway.provisioning;

import dev.slipway.cluster.Readiness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Watches a set of objects until every one is ready, one fails for good, or the deadline passes.
 * Pure apart from the probe, the progress callback and the sleeper it is given.
 */
final class ReadinessWait {

  /** What became of one object in a round. */
  interface Progress {
    void seen(int index, Readiness readiness);
  }

  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** Why the wait ended without every object ready; names each object still waiting. */
  static final class NotReady extends RuntimeException {
    NotReady(String message) {
      super(message);
    }
  }

  private final Clock clock;
  private final Duration poll;
  private final Sleeper sleeper;

  ReadinessWait(Clock clock, Duration poll, Sleeper sleeper) {
    this.clock = clock;
    this.poll = poll;
    this.sleeper = sleeper;
  }

  /**
   * @param names for messages: the object at each index, e.g. "Deployment web"
   * @throws NotReady when an object failed or time ran out
   */
  void await(
      List<String> names, IntFunction<Readiness> probe, Progress progress, Duration timeout) {
    Instant deadline = clock.instant().plus(timeout);
    Set<Integer> pending = new LinkedHashSet<>();
    for (int i = 0; i < names.size(); i++) {
      pending.add(i);
    }
    while (true) {
      List<String> waiting = new ArrayList<>();
      for (Integer i : List.copyOf(pending)) {
        Readiness readiness = probe.apply(i);
        progress.seen(i, readiness);
        if (readiness.ready()) {
          pending.remove(i);
        } else if (readiness.failed()) {
          throw new NotReady(names.get(i) + ": " + readiness.message());
        } else {
          waiting.add(names.get(i) + ": " + readiness.message());
        }
      }
      if (pending.isEmpty()) {
        return;
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new NotReady(
            "not ready after " + Durations.readable(timeout) + ": " + String.join("; ", waiting));
      }
      try {
        sleeper.sleep(poll);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NotReady("interrupted while waiting for readiness");
      }
    }
  }
}
