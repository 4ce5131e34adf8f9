package dev.slipway.provisioning;

import dev.slipway.shared.LimitExceededException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** At most so many live environments per owner and per team ({@link EnvironmentLimits}). */
@Component
class LimitCheck {

  private final EnvironmentLimits limits;
  private final LiveCounts counts;

  LimitCheck(EnvironmentLimits limits, LiveCounts counts) {
    this.limits = limits;
    this.counts = counts;
  }

  /**
   * Runs in the transaction that then stores the environment (or makes it live again), under locks
   * per owner and team held until it ends, so concurrent requests, on any instance, are counted one
   * after another.
   *
   * @throws LimitExceededException naming the setting that refuses another live environment
   */
  void check(String owner, @Nullable String team) {
    int perUser = limits.perUser();
    int perTeam = limits.perTeam();
    // Outside a transaction (the early look before the gate) a lock would end with its statement:
    // only the count in the storing transaction takes them.
    boolean locked = TransactionSynchronizationManager.isActualTransactionActive();
    if (locked && perUser > 0) {
      counts.lockCount(LiveCounts.CountLock.OWNER, owner);
    }
    if (locked && team != null && perTeam > 0) {
      counts.lockCount(LiveCounts.CountLock.TEAM, team);
    }
    if (perUser > 0 && counts.liveOwnedBy(owner) >= perUser) {
      throw new LimitExceededException(
          "slipway.provisioning.limits.per-user",
          "You have "
              + perUser
              + " live environments, the most one person may have; delete one you no longer need.");
    }
    if (team != null && perTeam > 0 && counts.liveOfTeam(team) >= perTeam) {
      throw new LimitExceededException(
          "slipway.provisioning.limits.per-team",
          "Team "
              + team
              + " has "
              + perTeam
              + " live environments, the most one team may have; delete one it no longer needs.");
    }
  }
}
