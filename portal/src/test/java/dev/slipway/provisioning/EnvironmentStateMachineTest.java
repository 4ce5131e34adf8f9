package dev.slipway.provisioning;

import static dev.slipway.provisioning.EnvironmentStatus.AWAITING_APPROVAL;
import static dev.slipway.provisioning.EnvironmentStatus.DELETED;
import static dev.slipway.provisioning.EnvironmentStatus.DELETING;
import static dev.slipway.provisioning.EnvironmentStatus.FAILED;
import static dev.slipway.provisioning.EnvironmentStatus.PROVISIONING;
import static dev.slipway.provisioning.EnvironmentStatus.READY;
import static dev.slipway.provisioning.EnvironmentStatus.REJECTED;
import static dev.slipway.provisioning.EnvironmentStatus.REQUESTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.provisioning.EnvironmentStateMachine.Guard;
import dev.slipway.provisioning.EnvironmentStateMachine.Transition;
import dev.slipway.provisioning.EnvironmentStateMachine.Trigger;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle as a table, checked exhaustively: every status, on every trigger, under every
 * guard, goes exactly where the list below says, and nowhere else.
 */
class EnvironmentStateMachineTest {

  private record Key(EnvironmentStatus from, Trigger trigger, Guard guard) {}

  /** The allowed moves, written out once more as the architecture describes them. */
  private static final Map<Key, EnvironmentStatus> ALLOWED = new LinkedHashMap<>();

  private static void allowed(
      EnvironmentStatus from, Trigger trigger, Guard guard, EnvironmentStatus to) {
    ALLOWED.put(new Key(from, trigger, guard), to);
  }

  static {
    allowed(AWAITING_APPROVAL, Trigger.APPROVE, Guard.RENDERS, REQUESTED);
    allowed(AWAITING_APPROVAL, Trigger.APPROVE, Guard.DOES_NOT_RENDER, FAILED);
    allowed(AWAITING_APPROVAL, Trigger.REJECT, Guard.NONE, REJECTED);
    allowed(AWAITING_APPROVAL, Trigger.WITHDRAW, Guard.NONE, DELETED);
    allowed(AWAITING_APPROVAL, Trigger.DELETE, Guard.NONE, DELETING);
    allowed(FAILED, Trigger.RETRY, Guard.APPROVAL_REQUIRED, AWAITING_APPROVAL);
    allowed(FAILED, Trigger.RETRY, Guard.NO_APPROVAL_REQUIRED, REQUESTED);
    allowed(REQUESTED, Trigger.PROGRESS, Guard.NONE, PROVISIONING);
    allowed(PROVISIONING, Trigger.PROGRESS, Guard.NONE, PROVISIONING);
    allowed(REQUESTED, Trigger.FAIL, Guard.NONE, FAILED);
    allowed(PROVISIONING, Trigger.FAIL, Guard.NONE, FAILED);
    allowed(FAILED, Trigger.CLEANUP, Guard.NONE, FAILED);
    allowed(PROVISIONING, Trigger.COME_UP, Guard.NONE, READY);
    allowed(READY, Trigger.EXTEND, Guard.NONE, READY);
    allowed(READY, Trigger.DELETE, Guard.NONE, DELETING);
    allowed(FAILED, Trigger.DELETE, Guard.NONE, DELETING);
    allowed(DELETING, Trigger.DELETE, Guard.NONE, DELETING);
    allowed(READY, Trigger.EXPIRE, Guard.NONE, DELETING);
    allowed(FAILED, Trigger.EXPIRE, Guard.NONE, DELETING);
    allowed(DELETING, Trigger.DELETION_INCOMPLETE, Guard.NONE, DELETING);
    allowed(DELETING, Trigger.DELETION_DONE, Guard.NONE, DELETED);
  }

  @Test
  void everyStatusOnEveryTriggerUnderEveryGuardGoesWhereTheListSaysOrNowhere() {
    List<String> wrong = new ArrayList<>();
    int refused = 0;
    for (EnvironmentStatus from : EnvironmentStatus.values()) {
      for (Trigger trigger : Trigger.values()) {
        for (Guard guard : Guard.values()) {
          Optional<EnvironmentStatus> expected =
              Optional.ofNullable(ALLOWED.get(new Key(from, trigger, guard)));
          Optional<EnvironmentStatus> actual = EnvironmentStateMachine.next(from, trigger, guard);
          if (!expected.equals(actual)) {
            wrong.add(from + " " + trigger + " " + guard + ": " + actual + ", not " + expected);
          }
          if (expected.isEmpty()) {
            refused++;
          }
        }
      }
    }
    assertThat(wrong).isEmpty();
    // 8 statuses × 14 triggers × 5 guards, all but the allowed moves refused.
    assertThat(refused)
        .isEqualTo(
            EnvironmentStatus.values().length * Trigger.values().length * Guard.values().length
                - ALLOWED.size());
  }

  @Test
  void eachMoveStartsFromEveryStatusItIsAllowedFromAndEndsWhereTheyLead() {
    for (Trigger trigger : Trigger.values()) {
      for (Guard guard : Guard.values()) {
        EnumSet<EnvironmentStatus> from = EnumSet.noneOf(EnvironmentStatus.class);
        List<EnvironmentStatus> to = new ArrayList<>();
        ALLOWED.forEach(
            (key, target) -> {
              if (key.trigger() == trigger && key.guard() == guard) {
                from.add(key.from());
                to.add(target);
              }
            });
        if (from.isEmpty() && trigger != Trigger.REQUEST) {
          assertThatThrownBy(() -> EnvironmentStateMachine.on(trigger, guard))
              .as(trigger + " under " + guard)
              .isInstanceOf(IllegalArgumentException.class);
          continue;
        }
        if (trigger == Trigger.REQUEST) {
          continue;
        }
        Transition move = EnvironmentStateMachine.on(trigger, guard);
        assertThat(move.from()).as(move.toString()).isEqualTo(from);
        assertThat(to).as(move.toString()).containsOnly(move.to());
        assertThat(move.trigger()).isEqualTo(trigger);
      }
    }
  }

  @Test
  void aRequestMakesANewEnvironmentWaitingForApprovalOrRequested() {
    Transition waiting = EnvironmentStateMachine.on(Trigger.REQUEST, Guard.APPROVAL_REQUIRED);
    Transition straight = EnvironmentStateMachine.on(Trigger.REQUEST, Guard.NO_APPROVAL_REQUIRED);
    assertThat(waiting.from()).isEmpty();
    assertThat(waiting.to()).isEqualTo(AWAITING_APPROVAL);
    assertThat(straight.from()).isEmpty();
    assertThat(straight.to()).isEqualTo(REQUESTED);
    for (EnvironmentStatus status : EnvironmentStatus.values()) {
      assertThat(EnvironmentStateMachine.allows(status, Trigger.REQUEST)).isFalse();
    }
    assertThatThrownBy(() -> EnvironmentStateMachine.on(Trigger.REQUEST))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectedAndDeletedAreFinal() {
    for (Trigger trigger : Trigger.values()) {
      assertThat(EnvironmentStateMachine.allows(REJECTED, trigger)).as(trigger.name()).isFalse();
      assertThat(EnvironmentStateMachine.allows(DELETED, trigger)).as(trigger.name()).isFalse();
    }
  }

  @Test
  void onlyTheTableMakesTransitions() {
    assertThat(Transition.class.getDeclaredConstructors())
        .allMatch(c -> Modifier.isPrivate(c.getModifiers()));
    assertThat(Modifier.isFinal(Transition.class.getModifiers())).isTrue();
    assertThat(
            Arrays.stream(Transition.class.getDeclaredMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()) && !m.isSynthetic()))
        .isEmpty();
  }

  @Test
  void aTransitionCannotBeChangedByWhoeverHoldsIt() {
    Transition fail = EnvironmentStateMachine.on(Trigger.FAIL);
    assertThatThrownBy(() -> fail.from().add(READY))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
