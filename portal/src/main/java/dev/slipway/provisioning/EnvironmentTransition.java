package dev.slipway.provisioning;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One step of an environment's history: a lifecycle transition, or a progress step within a state
 * ({@code from} equal to {@code to}).
 *
 * @param from null for the request itself
 * @param instance the portal instance that made the step
 */
public record EnvironmentTransition(
    @Nullable EnvironmentStatus from,
    EnvironmentStatus to,
    String reason,
    Instant at,
    String instance) {}
