package dev.slipway.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives rows their place in the chain after their transaction commits (see {@code
 * adr/0010-ledger-chained-after-commit.md}). {@link AuditLedger} inserts a row without one, in the
 * transaction of the change it records, and takes no lock; the chainer then numbers the rows it
 * finds waiting, oldest id first, each after the chain's head: position, the head's hash, its own
 * hash. A row whose transaction commits late (a lower id than rows already chained) gets a later
 * position: nothing is lost, and the chain is walked by position.
 *
 * <p>One chainer at a time in the whole cluster: it works under the chain's advisory lock, in a
 * short transaction of its own, and an instance that finds the lock taken leaves the rows to the
 * one that has it. Each instance chains its own rows once their transaction commits ({@link
 * #nudge}) and looks every {@code slipway.audit.chain-interval} for rows anyone left behind (an
 * instance that stopped between its commit and its chaining).
 */
@Component
class AuditChainer implements SmartLifecycle {

  /**
   * Held by whoever extends the chain (the chainer) or signs its head (the checkpoint), in their
   * transaction: one at a time, and no row is chained between the head a checkpoint reads and the
   * one it signs.
   */
  static final long CHAIN_LOCK = 0x5117_3A7L;

  /** Rows chained per transaction, so a backlog does not hold the lock in one long transaction. */
  static final int BATCH = 1000;

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AuditChainer.class);

  private final JdbcClient jdbc;
  private final JdbcTemplate batches;
  private final TransactionTemplate transactions;
  private final Duration interval;
  private final AtomicBoolean nudged = new AtomicBoolean();
  private volatile @Nullable ScheduledExecutorService worker;

  AuditChainer(
      JdbcClient jdbc,
      DataSource dataSource,
      PlatformTransactionManager transactionManager,
      AuditProperties properties) {
    this.jdbc = jdbc;
    this.batches = new JdbcTemplate(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    // Chaining is never part of someone else's transaction (a read-only one, say).
    this.transactions.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
    this.interval = properties.chainInterval();
  }

  /**
   * Rows were committed: chain them soon, on this instance's chainer thread, not on the caller's.
   * Nudges that arrive while one is waiting are one.
   */
  void nudge() {
    ScheduledExecutorService running = worker;
    if (running != null && nudged.compareAndSet(false, true)) {
      try {
        running.execute(this::sweep);
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        nudged.set(false);
      }
    }
  }

  /**
   * Chains every row waiting, unless another chainer holds the chain: it chains them, or this
   * instance's next sweep does.
   */
  void sweep() {
    nudged.set(false);
    try {
      while (chainABatch() == BATCH) {
        // a backlog: the next batch, in a transaction of its own
      }
    } catch (RuntimeException e) {
      // The next nudge or sweep tries again; the rows wait, they are not lost.
      log.warn("Audit ledger: rows not chained this time, tried again shortly", e);
    }
  }

  /**
   * Chains every row committed before this call, waiting up to {@code patience} for another chainer
   * to let go of the chain. For verification and export, which must see every committed row.
   *
   * @return false when the chain stayed held the whole time (rows may still wait)
   */
  boolean catchUp(Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      int chained = chainABatch();
      if (chained >= 0 && chained < BATCH) {
        return true;
      }
      if (chained < 0) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  /** One batch in a transaction of its own: how many rows it chained, -1 if the chain was held. */
  private int chainABatch() {
    return Objects.requireNonNull(
        transactions.execute(tx -> tryToHoldTheChain() ? chainHeld(BATCH) : -1));
  }

  /** Takes the chain's lock until the current transaction ends, waiting for it. */
  void holdTheChain() {
    jdbc.sql("select 1 from pg_advisory_xact_lock(:lock)")
        .param("lock", CHAIN_LOCK)
        .query(Integer.class)
        .single();
  }

  private boolean tryToHoldTheChain() {
    return jdbc.sql("select pg_try_advisory_xact_lock(:lock)")
        .param("lock", CHAIN_LOCK)
        .query(Boolean.class)
        .single();
  }

  /**
   * Chains every row waiting, in the caller's transaction, which holds the chain (a checkpoint
   * about to sign the head).
   */
  void chainAllHeld() {
    while (chainHeld(BATCH) == BATCH) {
      // further rows
    }
  }

  /**
   * Chains up to {@code limit} waiting rows, oldest id first, after the head; the caller's
   * transaction holds the chain. Each statement sees what committed before it, so rows committed
   * after the head was read wait for the next batch.
   */
  private int chainHeld(int limit) {
    Optional<Head> head =
        jdbc.sql(
                "select chain_seq, hash from audit_event where chain_seq is not null"
                    + " order by chain_seq desc limit 1")
            .query((rs, n) -> new Head(rs.getLong("chain_seq"), rs.getString("hash")))
            .optional();
    List<AuditEntry> waiting =
        jdbc.sql("select * from audit_event where chain_seq is null order by id limit :limit")
            .param("limit", limit)
            .query((rs, n) -> AuditLedger.entry(rs))
            .list();
    if (waiting.isEmpty()) {
      return 0;
    }
    long position = head.map(Head::position).orElse(0L);
    String previous = head.map(Head::hash).orElse(AuditLedger.GENESIS);
    List<Object[]> links = new ArrayList<>(waiting.size());
    for (AuditEntry row : waiting) {
      // Hashed as stored (times as the database keeps them), as verification reads it.
      String hash = AuditLedger.hash(previous, row.content());
      links.add(new Object[] {++position, previous, hash, row.id()});
      previous = hash;
    }
    // The trigger lets exactly this through, once per row: the three chain columns, from null.
    batches.batchUpdate(
        "update audit_event set chain_seq = ?, previous_hash = ?, hash = ? where id = ?", links);
    return waiting.size();
  }

  private record Head(long position, String hash) {}

  @Override
  public void start() {
    ScheduledExecutorService started =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "audit-chainer");
              t.setDaemon(true);
              return t;
            });
    started.scheduleWithFixedDelay(
        this::sweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    worker = started;
  }

  /** Stops looking; rows this instance committed and did not chain are chained by the others. */
  @Override
  public void stop() {
    ScheduledExecutorService running = worker;
    worker = null;
    if (running != null) {
      running.shutdown();
      try {
        running.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return worker != null;
  }

  /**
   * Stopped after the web server and the task scheduler, which still write rows while they stop.
   */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 2048;
  }
}
