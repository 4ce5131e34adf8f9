package dev.slipway.audit;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One row of the ledger.
 *
 * @param position the row's place in the chain (1, 2, 3 ...), given by the chainer shortly after
 *     the row's transaction commits; none while the row waits for it. The chain is walked by
 *     position, not by id: ids are given at insert, and transactions commit out of order
 * @param at when the event was recorded, in its own transaction
 * @param type the event's name, e.g. {@code EnvironmentRequested}
 * @param target what it is about: an environment, template or service id
 * @param environment the environment it is about, if any
 * @param template the template it is about (an environment's template), if any
 * @param team the team of the environment it is about, else the actor's team, if any
 * @param before the state before a change, where the event has one
 * @param after the state after a change, where the event has one
 * @param request the HTTP request that caused it (method, path, parameters with secrets masked)
 * @param details the event's fields as JSON, secret-looking ones masked
 * @param previousHash the hash of the row before it in the chain; none while it waits for its place
 * @param hash SHA-256 over the previous row's hash and this row's content; none while it waits for
 *     its place
 */
public record AuditEntry(
    long id,
    @Nullable Long position,
    Instant at,
    String type,
    @Nullable String target,
    String actorSubject,
    String actorName,
    String outcome,
    @Nullable String reason,
    @Nullable String clientAddress,
    @Nullable String userAgent,
    @Nullable UUID environment,
    @Nullable String template,
    @Nullable String team,
    @Nullable String before,
    @Nullable String after,
    @Nullable String request,
    String details,
    @Nullable String previousHash,
    @Nullable String hash) {

  /** Whether the row has its place in the chain yet. */
  public boolean chained() {
    return position != null;
  }

  /**
   * The parts the hash covers, in order: everything but the id and the hashes. A row without any of
   * the context columns (environment, template, team, before, after, request) is hashed over the
   * parts the first version of the ledger had, so rows written before those columns existed still
   * verify; a row that has any of them is hashed over all.
   */
  @Nullable String[] content() {
    @Nullable String[] all = columns();
    if (environment == null
        && template == null
        && team == null
        && before == null
        && after == null
        && request == null) {
      // The first version: when … user agent, then the details.
      @Nullable String[] first = new String[10];
      System.arraycopy(all, 0, first, 0, 9);
      first[9] = details;
      return first;
    }
    return all;
  }

  /** Every column but the id and the hashes, in the export's order. */
  @Nullable String[] columns() {
    return new String[] {
      at.toString(),
      type,
      target,
      actorSubject,
      actorName,
      outcome,
      reason,
      clientAddress,
      userAgent,
      environment == null ? null : environment.toString(),
      template,
      team,
      before,
      after,
      request,
      details
    };
  }
}
