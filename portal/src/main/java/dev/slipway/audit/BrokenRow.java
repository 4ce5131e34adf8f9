package dev.slipway.audit;

/**
 * A row whose place in the chain does not hold, and why.
 *
 * @param id the row's id (for a row that is gone: the id it had)
 * @param reason what is wrong, as a sentence that follows "row {id}"
 */
public record BrokenRow(long id, String reason) {}
