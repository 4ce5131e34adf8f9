package dev.slipway.audit;

import java.time.Instant;

/**
 * A signed statement of the ledger's head: at {@code at} the chain had {@code rows} rows and its
 * newest was {@code headId} with hash {@code headHash}. The signature is HMAC-SHA256 with {@code
 * slipway.audit.checkpoint-key}, a key the database does not hold, over {@link
 * CheckpointSigner#message}; verification holds the rows against the newest checkpoint whose
 * signature is valid, so a chain rewritten and re-hashed, or cut short, no longer agrees with it.
 *
 * @param id the checkpoint's own row id (not signed: the database assigns it)
 * @param at when it was signed (UTC, microseconds)
 * @param rows how many rows the chain had, up to and including {@code headId}: the head's position
 * @param headId the id of the row at the end of the chain then (the highest position; not
 *     necessarily the highest id, since rows are chained in the order they commit)
 * @param headHash that row's hash
 * @param signature HMAC-SHA256, hex
 */
public record Checkpoint(
    long id, Instant at, long rows, long headId, String headHash, String signature) {}
