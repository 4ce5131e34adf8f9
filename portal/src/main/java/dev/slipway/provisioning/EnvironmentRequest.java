package dev.slipway.provisioning;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a developer asks for, from the form or the API.
 *
 * @param templateVersion a published version of the template; absent: the newest published one
 * @param ttl ISO-8601 duration such as {@code P3D} or {@code PT12H}; the default when absent
 * @param releaseOf the id of an environment this one is a new release of (a newer template version
 *     of the same service): the release gate of that service decides
 * @param change with {@code releaseOf}: {@code feature} (the default), {@code reliability-fix} or
 *     {@code security-fix}
 * @param team which of the requester's teams it belongs to; may be left out when they are in one
 *     team (or none)
 */
public record EnvironmentRequest(
    @Nullable String template,
    @Nullable Integer templateVersion,
    @Nullable String name,
    @Nullable Map<String, String> parameters,
    @Nullable String ttl,
    @Nullable String releaseOf,
    @Nullable String change,
    @Nullable String team) {

  /** A request for the newest published version. */
  public EnvironmentRequest(
      @Nullable String template,
      @Nullable String name,
      @Nullable Map<String, String> parameters,
      @Nullable String ttl) {
    this(template, null, name, parameters, ttl, null, null, null);
  }
}
