package dev.slipway.shared;

/**
 * What is wrong with one field of a request, in words a person can act on.
 *
 * @param field the field as the request names it: {@code name}, {@code ttl}, {@code
 *     parameters.DATABASE_NAME}
 */
public record FieldProblem(String field, String message) {}
