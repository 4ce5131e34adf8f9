package dev.slipway.provisioning;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An environment as its owner sees it.
 *
 * @param templateVersion the version of the template it was made from (a string in JSON, as the API
 *     has always written it)
 * @param parameters the values the requester supplied, with secret-looking ones masked; generated
 *     values are never recorded
 * @param statusReason why it is in its status (the cluster's answer when it failed); empty if none
 * @param owner the requester's stable id (token subject); ownership is decided on it
 * @param ownerName the requester as people know them
 * @param ownerGroups the requester's groups when they asked (cluster calls act as them)
 * @param team the team it belongs to, one of the requester's: its members see and change it too;
 *     none when the requester is in no team
 */
public record Environment(
    UUID id,
    String name,
    String namespace,
    String template,
    @com.fasterxml.jackson.annotation.JsonFormat(
            shape = com.fasterxml.jackson.annotation.JsonFormat.Shape.STRING)
        @io.swagger.v3.oas.annotations.media.Schema(type = "string", example = "3")
        int templateVersion,
    EnvironmentStatus status,
    String statusReason,
    String owner,
    String ownerName,
    List<String> ownerGroups,
    @Nullable String team,
    Map<String, String> parameters,
    Instant requestedAt,
    Instant updatedAt,
    Instant expiresAt,
    List<EnvironmentObject> objects) {}
