package dev.slipway.provisioning;

import static dev.slipway.provisioning.EnvironmentStatus.AWAITING_APPROVAL;
import static dev.slipway.provisioning.EnvironmentStatus.DELETED;
import static dev.slipway.provisioning.EnvironmentStatus.DELETING;
import static dev.slipway.provisioning.EnvironmentStatus.FAILED;
import static dev.slipway.provisioning.EnvironmentStatus.PROVISIONING;
import static dev.slipway.provisioning.EnvironmentStatus.READY;
import static dev.slipway.provisioning.EnvironmentStatus.REJECTED;
import static dev.slipway.provisioning.EnvironmentStatus.REQUESTED;

import dev.slipway.shared.Pure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every move an environment's status may make, as one table: from a status, on a trigger, under a
 * guard, to a status. Pure: the repository applies a {@link Transition} as one conditional
 * statement (the status must still be one the move starts from), and a {@link Transition} can only
 * be had from this table, so no code writes a status the table does not allow.
 *
 * <pre>
 * (new)             REQUEST  approval required      → AWAITING_APPROVAL
 * (new)             REQUEST  no approval required   → REQUESTED
 * AWAITING_APPROVAL APPROVE  renders                → REQUESTED
 * AWAITING_APPROVAL APPROVE  does not render        → FAILED
 * AWAITING_APPROVAL REJECT                          → REJECTED
 * AWAITING_APPROVAL WITHDRAW (deleted, or expired)  → DELETED
 * FAILED            RETRY    approval required      → AWAITING_APPROVAL
 * FAILED            RETRY    no approval required   → REQUESTED
 * REQUESTED, PROVISIONING  PROGRESS                 → PROVISIONING
 * PROVISIONING      COME_UP                         → READY
 * REQUESTED, PROVISIONING  FAIL                     → FAILED
 * FAILED            CLEANUP                         → FAILED
 * READY             EXTEND                          → READY
 * READY, FAILED, AWAITING_APPROVAL, DELETING  DELETE → DELETING
 * READY, FAILED     EXPIRE                          → DELETING
 * DELETING          DELETION_INCOMPLETE             → DELETING
 * DELETING          DELETION_DONE                   → DELETED
 * </pre>
 *
 * REJECTED and DELETED are final.
 */
@Pure
final class EnvironmentStateMachine {

  /** What happens to an environment. */
  enum Trigger {
    /** Someone asks for a new environment. */
    REQUEST,
    /** An SRE approves a waiting request. */
    APPROVE,
    /** An SRE turns a waiting request down. */
    REJECT,
    /**
     * A waiting request ends before it reached the cluster: its owner deleted it, or it expired.
     */
    WITHDRAW,
    /** The owner, their team or an SRE provisions a failed environment again. */
    RETRY,
    /** The provisioning task made a step (the namespace, the objects, waiting for readiness). */
    PROGRESS,
    /** Every object is ready. */
    COME_UP,
    /** Provisioning failed; a durable cleanup task removes what it made. */
    FAIL,
    /** The cleanup of a failed environment finished (verified), or says what is left. */
    CLEANUP,
    /** The owner, their team or an SRE gives it a new expiry. */
    EXTEND,
    /** Someone deletes it; a second deletion finds the first's task. */
    DELETE,
    /** Its time to live is over. */
    EXPIRE,
    /** A deletion left objects behind, or failed; deleting again retries. */
    DELETION_INCOMPLETE,
    /** Every object and the namespace are gone. */
    DELETION_DONE
  }

  /** The condition a trigger's outcome depends on; {@link #NONE} for triggers without one. */
  enum Guard {
    NONE,
    /** The template's policy requires an SRE's approval. */
    APPROVAL_REQUIRED,
    /** The template's policy does not require approval. */
    NO_APPROVAL_REQUIRED,
    /** The pinned template version still renders from the recorded parameters. */
    RENDERS,
    /** The pinned template version no longer renders (retired, or a value no longer fits). */
    DOES_NOT_RENDER
  }

  private record Row(
      @Nullable EnvironmentStatus from, Trigger trigger, Guard guard, EnvironmentStatus to) {}

  private static final List<Row> TABLE = new ArrayList<>();
  private static final Map<Trigger, Map<Guard, Transition>> MOVES = new LinkedHashMap<>();

  static {
    row(null, Trigger.REQUEST, Guard.APPROVAL_REQUIRED, AWAITING_APPROVAL);
    row(null, Trigger.REQUEST, Guard.NO_APPROVAL_REQUIRED, REQUESTED);
    row(AWAITING_APPROVAL, Trigger.APPROVE, Guard.RENDERS, REQUESTED);
    row(AWAITING_APPROVAL, Trigger.APPROVE, Guard.DOES_NOT_RENDER, FAILED);
    row(AWAITING_APPROVAL, Trigger.REJECT, Guard.NONE, REJECTED);
    row(AWAITING_APPROVAL, Trigger.WITHDRAW, Guard.NONE, DELETED);
    row(FAILED, Trigger.RETRY, Guard.APPROVAL_REQUIRED, AWAITING_APPROVAL);
    row(FAILED, Trigger.RETRY, Guard.NO_APPROVAL_REQUIRED, REQUESTED);
    for (EnvironmentStatus underWay : List.of(REQUESTED, PROVISIONING)) {
      row(underWay, Trigger.PROGRESS, Guard.NONE, PROVISIONING);
      row(underWay, Trigger.FAIL, Guard.NONE, FAILED);
    }
    row(FAILED, Trigger.CLEANUP, Guard.NONE, FAILED);
    row(PROVISIONING, Trigger.COME_UP, Guard.NONE, READY);
    row(READY, Trigger.EXTEND, Guard.NONE, READY);
    // A waiting request is withdrawn rather than deleted; DELETE from AWAITING_APPROVAL is for the
    // one that was approved or retried meanwhile. From DELETING, a second deletion finds the task.
    for (EnvironmentStatus live : List.of(READY, FAILED, AWAITING_APPROVAL, DELETING)) {
      row(live, Trigger.DELETE, Guard.NONE, DELETING);
    }
    row(READY, Trigger.EXPIRE, Guard.NONE, DELETING);
    row(FAILED, Trigger.EXPIRE, Guard.NONE, DELETING);
    row(DELETING, Trigger.DELETION_INCOMPLETE, Guard.NONE, DELETING);
    row(DELETING, Trigger.DELETION_DONE, Guard.NONE, DELETED);

    for (Row row : TABLE) {
      MOVES
          .computeIfAbsent(row.trigger(), t -> new LinkedHashMap<>())
          .computeIfAbsent(row.guard(), g -> new Transition(row.trigger(), row.to()));
      Transition move = MOVES.get(row.trigger()).get(row.guard());
      if (move.to() != row.to()) {
        throw new IllegalStateException("one trigger and guard, one target: " + row);
      }
      if (row.from() != null) {
        move.from.add(row.from());
      }
    }
  }

  private static void row(
      @Nullable EnvironmentStatus from, Trigger trigger, Guard guard, EnvironmentStatus to) {
    TABLE.add(new Row(from, trigger, guard, to));
  }

  private EnvironmentStateMachine() {}

  /**
   * The move a trigger without a guard makes.
   *
   * @throws IllegalArgumentException when the trigger needs a guard
   */
  static Transition on(Trigger trigger) {
    return on(trigger, Guard.NONE);
  }

  /**
   * The move {@code trigger} makes under {@code guard}: from every status it may start from.
   *
   * @throws IllegalArgumentException when the table has no such move
   */
  static Transition on(Trigger trigger, Guard guard) {
    Transition move = MOVES.getOrDefault(trigger, Map.of()).get(guard);
    if (move == null) {
      throw new IllegalArgumentException("No move on " + trigger + " under guard " + guard);
    }
    return move;
  }

  /**
   * Where {@code trigger} under {@code guard} takes an environment in {@code from}, if anywhere.
   */
  static Optional<EnvironmentStatus> next(EnvironmentStatus from, Trigger trigger, Guard guard) {
    return TABLE.stream()
        .filter(r -> r.from() == from && r.trigger() == trigger && r.guard() == guard)
        .map(Row::to)
        .findFirst();
  }

  /** Whether {@code trigger} (under any guard) may move an environment in {@code from}. */
  static boolean allows(EnvironmentStatus from, Trigger trigger) {
    return TABLE.stream().anyMatch(r -> r.from() == from && r.trigger() == trigger);
  }

  /**
   * One move of the table: the statuses it may start from (none for {@link Trigger#REQUEST}, which
   * makes a new environment) and the status it ends in. Only this table makes them.
   */
  static final class Transition {

    private final Trigger trigger;
    private final Set<EnvironmentStatus> from = EnumSet.noneOf(EnvironmentStatus.class);
    private final EnvironmentStatus to;

    private Transition(Trigger trigger, EnvironmentStatus to) {
      this.trigger = trigger;
      this.to = to;
    }

    Trigger trigger() {
      return trigger;
    }

    /** The statuses the move starts from; empty for a new environment. */
    Set<EnvironmentStatus> from() {
      return Collections.unmodifiableSet(from);
    }

    EnvironmentStatus to() {
      return to;
    }

    @Override
    public String toString() {
      return trigger + ": " + (from.isEmpty() ? "(new)" : from) + " → " + to;
    }
  }
}
