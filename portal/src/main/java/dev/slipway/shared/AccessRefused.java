package dev.slipway.shared;

/**
 * Someone signed in was refused something: an event for the audit ledger.
 *
 * @param request the method and path asked for
 * @param reason what the refusal said
 */
public record AccessRefused(String request, String reason) {}
