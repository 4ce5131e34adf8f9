package dev.slipway.provisioning;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a developer asks for, from the form or the API.
 *
 * @param templateVersion a published version of the template; absent: the newest published one
 * @param ttl ISO-8601 duration such as {@code P3D} or {@code PT12H}; the default when absent
 */
public record EnvironmentRequest(
    @Nullable String template,
    @Nullable Integer templateVersion,
    @Nullable String name,
    @Nullable Map<String, String> parameters,
    @Nullable String ttl) {

  /** A request for the newest published version. */
  public EnvironmentRequest(
      @Nullable String template,
      @Nullable String name,
      @Nullable Map<String, String> parameters,
      @Nullable String ttl) {
    this(template, null, name, parameters, ttl);
  }
}
