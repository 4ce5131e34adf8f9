package dev.slipway.provisioning;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a developer asks for, from the form or the API.
 *
 * @param ttl ISO-8601 duration such as {@code P3D} or {@code PT12H}; the default when absent
 */
public record EnvironmentRequest(
    @Nullable String template,
    @Nullable String name,
    @Nullable Map<String, String> parameters,
    @Nullable String ttl) {}
