package dev.slipway.shared;

/**
 * The largest body one API endpoint takes, declared by the feature that owns the endpoint; every
 * other {@code /api/**} request gets {@code slipway.api.max-body-bytes}. Enforced while the body is
 * read (and at once from a Content-Length), so an oversized body is answered 413 before it is held
 * in memory.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the exact request path, e.g. {@code /api/v1/templates}
 * @param maxBytes the largest body accepted
 * @param limit what sets it, for the 413's {@code limit}: a setting such as {@code
 *     slipway.catalog.max-template-bytes}, or a description of a fixed limit
 */
public record BodyLimit(String method, String path, long maxBytes, String limit) {

  public BodyLimit {
    if (maxBytes < 0) {
      throw new IllegalArgumentException(limit + " must not be negative, was " + maxBytes);
    }
  }

  boolean appliesTo(String method, String path) {
    return this.method.equalsIgnoreCase(method) && this.path.equals(path);
  }
}
