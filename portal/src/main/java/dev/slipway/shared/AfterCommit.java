package dev.slipway.shared;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Runs something once the current transaction has committed, or at once outside of one. */
public final class AfterCommit {

  private AfterCommit() {}

  /**
   * Runs {@code action} after the commit of the transaction in progress (not at all if it rolls
   * back), or now when no transaction is in progress.
   */
  public static void run(Runnable action) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              action.run();
            }
          });
    } else {
      action.run();
    }
  }
}
