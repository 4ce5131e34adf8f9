package dev.slipway.gate;

import dev.slipway.shared.Pure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The error-budget policy as a pure function: given a service's budgets, whether it was frozen, an
 * SRE's override and the time, whether a change may ship. A service freezes when any objective's
 * budget left is at or below {@code freezeAt}; it stays frozen until every objective has more than
 * {@code freezeAt + liftMargin} left (so it does not flap at the edge). Fixes for reliability or
 * security pass even while frozen, and are recorded as such.
 */
@Pure
public final class GatePolicy {

  private GatePolicy() {}

  /** What a change is, as its pipeline declares it. */
  public enum Change {
    FEATURE,
    RELIABILITY_FIX,
    SECURITY_FIX;

    public boolean exempt() {
      return this != FEATURE;
    }

    /**
     * As pipelines and requests write it: {@code feature} (also when absent), {@code
     * reliability-fix} or {@code fix}, {@code security-fix} or {@code security}.
     *
     * @throws dev.slipway.shared.InvalidRequestException naming the field {@code change}
     */
    public static Change parse(@Nullable String text) {
      return switch (text == null ? "feature" : text.strip().toLowerCase(java.util.Locale.ROOT)) {
        case "feature" -> FEATURE;
        case "reliability-fix", "fix" -> RELIABILITY_FIX;
        case "security-fix", "security" -> SECURITY_FIX;
        default ->
            throw new dev.slipway.shared.InvalidRequestException(
                "change", "must be feature, reliability-fix or security-fix");
      };
    }
  }

  /** When Prometheus cannot be asked: let changes through with a warning, or hold them. */
  public enum UnknownMode {
    FAIL_OPEN,
    FAIL_CLOSED;

    /** As the property and the answers write it: {@code fail-open}, {@code fail-closed}. */
    public String written() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * @param freezeAt budget left (a ratio; 0 = spent) at or below which the service freezes
   * @param liftMargin how much above {@code freezeAt} every budget must be to lift the freeze
   * @param unknown what the gate does when budgets cannot be read
   * @param maxOverride the longest an SRE may lift a freeze for
   */
  public record Settings(
      double freezeAt, double liftMargin, UnknownMode unknown, Duration maxOverride) {

    public static Settings defaults() {
      return new Settings(0, 0.05, UnknownMode.FAIL_OPEN, Duration.ofDays(7));
    }
  }

  /** An SRE's bounded lift of a freeze. */
  public record Override(Instant until, String reason, String by) {

    boolean activeAt(Instant now) {
      return now.isBefore(until);
    }
  }

  /** The freeze as recorded: since when, and which objective froze it. */
  public record Freeze(Instant since, String slo, double remaining) {}

  /** One objective's budget left. */
  public record Budget(String slo, double remaining) {}

  public enum State {
    OPEN,
    FROZEN,
    OVERRIDDEN,
    UNKNOWN
  }

  /**
   * A decision.
   *
   * @param freeze the freeze in force after this decision (null when none)
   * @param budget while frozen: the budget of the objective that froze the service; otherwise the
   *     lowest budget
   * @param reason why, in a sentence for the pipeline's log
   */
  public record Decision(
      boolean allowed,
      State state,
      @Nullable Freeze freeze,
      @Nullable Budget budget,
      String reason) {}

  /**
   * @param budgets the service's budgets; empty, or {@code known} false, when Prometheus could not
   *     be asked
   * @param current the freeze recorded so far, if any
   */
  public static Decision decide(
      Settings settings,
      List<Budget> budgets,
      boolean known,
      @Nullable Freeze current,
      @Nullable Override override,
      Change change,
      Instant now) {
    return decide(settings, budgets, known, null, current, override, change, now);
  }

  /**
   * As above, with why budgets are unknown in the reader's words (Prometheus not configured, not
   * answering), for the answer.
   */
  public static Decision decide(
      Settings settings,
      List<Budget> budgets,
      boolean known,
      @Nullable String unknownWhy,
      @Nullable Freeze current,
      @Nullable Override override,
      Change change,
      Instant now) {
    Optional<Budget> lowest =
        budgets.stream()
            .filter(b -> !Double.isNaN(b.remaining()))
            .min(java.util.Comparator.comparingDouble(Budget::remaining));
    if (!known || lowest.isEmpty()) {
      if (current != null) {
        // A recorded freeze stands while budgets cannot be read: it lifts only on evidence.
        return frozen(
            settings,
            current,
            budgetOf(budgets, current.slo()),
            override,
            change,
            now,
            " Budgets cannot be read now; the recorded freeze stands.");
      }
      boolean open = settings.unknown() == UnknownMode.FAIL_OPEN;
      return new Decision(
          open || change.exempt(),
          State.UNKNOWN,
          null,
          null,
          (known
                  ? "No budget data for this service yet"
                  : unknownWhy != null && !unknownWhy.isBlank()
                      ? unknownWhy.strip().replaceAll("[.]$", "")
                      : "Prometheus could not be asked")
              + "; the gate fails "
              + (open ? "open: the change may ship, unchecked." : "closed: the change waits.")
              + (change.exempt() && !open ? " A " + describe(change) + " passes anyway." : ""));
    }
    Budget low = lowest.get();
    Freeze freeze = current;
    if (freeze == null && low.remaining() <= settings.freezeAt()) {
      freeze = new Freeze(now, low.slo(), low.remaining());
    } else if (freeze != null
        && budgets.stream()
            .allMatch(
                b ->
                    !Double.isNaN(b.remaining())
                        && b.remaining() > settings.freezeAt() + settings.liftMargin())) {
      // Every objective, with data, well back within budget.
      freeze = null;
    }
    if (freeze == null) {
      return new Decision(
          true,
          State.OPEN,
          null,
          low,
          "Within budget: " + low.slo() + " has " + percent(low.remaining()) + " left.");
    }
    return frozen(settings, freeze, budgetOf(budgets, freeze.slo()), override, change, now, "");
  }

  /** The budget of the objective that froze the service, as it is now (NaN when unknown). */
  private static Budget budgetOf(List<Budget> budgets, String slo) {
    return budgets.stream()
        .filter(b -> b.slo().equals(slo))
        .findFirst()
        .orElse(new Budget(slo, Double.NaN));
  }

  private static Decision frozen(
      Settings settings,
      Freeze freeze,
      Budget budget,
      @Nullable Override override,
      Change change,
      Instant now,
      String note) {
    if (override != null && override.activeAt(now)) {
      return new Decision(
          true,
          State.OVERRIDDEN,
          freeze,
          budget,
          "Frozen since "
              + freeze.since()
              + ", but "
              + override.by()
              + " lifted the freeze until "
              + override.until()
              + ": "
              + override.reason()
              + note);
    }
    String reason =
        "Frozen since "
            + freeze.since()
            + ": the error budget of "
            + freeze.slo()
            + " is spent ("
            + (Double.isNaN(budget.remaining()) ? "unknown" : percent(budget.remaining()))
            + " left now); features ship again once every budget is above "
            + percent(settings.freezeAt() + settings.liftMargin())
            + "."
            + note;
    if (change.exempt()) {
      return new Decision(
          true, State.FROZEN, freeze, budget, reason + " A " + describe(change) + " passes.");
    }
    return new Decision(false, State.FROZEN, freeze, budget, reason);
  }

  static String describe(Change change) {
    return switch (change) {
      case FEATURE -> "feature";
      case RELIABILITY_FIX -> "reliability fix";
      case SECURITY_FIX -> "security fix";
    };
  }

  static String percent(double ratio) {
    return String.format(java.util.Locale.ROOT, "%.1f %%", ratio * 100);
  }
}
