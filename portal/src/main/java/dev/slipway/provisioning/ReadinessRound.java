package dev.slipway.provisioning;

import dev.slipway.cluster.Readiness;
import dev.slipway.shared.Pure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One look at the objects still waiting to become ready. Pure apart from the probe and the progress
 * callback it is given; the provisioning task repeats it until every object is ready, one fails for
 * good, or the template's timeout passes.
 */
@Pure
final class ReadinessRound {

  private ReadinessRound() {}

  /** What became of one object in the round. */
  interface Progress {
    void seen(int index, Readiness readiness);
  }

  sealed interface Result {}

  record AllReady() implements Result {}

  /** An object that will not become ready by waiting; the message names it. */
  record Failed(int index, String message) implements Result {}

  /** Each object still waiting, named, with what the cluster says about it. */
  record Waiting(List<String> objects) implements Result {}

  /**
   * @param pending indexes of the objects not ready yet
   * @param name for messages: the object at an index, e.g. "Deployment web"
   */
  static Result check(
      List<Integer> pending,
      IntFunction<String> name,
      IntFunction<Readiness> probe,
      Progress progress) {
    List<String> waiting = new ArrayList<>();
    for (int i : pending) {
      Readiness readiness = probe.apply(i);
      progress.seen(i, readiness);
      if (readiness.failed()) {
        return new Failed(i, name.apply(i) + ": " + readiness.message());
      }
      if (!readiness.ready()) {
        waiting.add(name.apply(i) + ": " + readiness.message());
      }
    }
    return waiting.isEmpty() ? new AllReady() : new Waiting(List.copyOf(waiting));
  }
}
