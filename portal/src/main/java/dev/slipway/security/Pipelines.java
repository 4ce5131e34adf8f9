package dev.slipway.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Recognises the client-credentials tokens of configured CI pipelines. Such a token names its
 * client in {@code azp} (Keycloak, Entra ID), {@code client_id} (RFC 9068) or, from some providers,
 * only in {@code sub}; a pipeline acts for one team with its configured roles.
 */
final class Pipelines {

  /** A pipeline recognised in a token. */
  record Match(String clientId, SecurityProperties.Pipeline pipeline) {

    List<String> groups() {
      return pipeline.team() == null ? List.of() : List.of(pipeline.team());
    }
  }

  private final Map<String, SecurityProperties.Pipeline> pipelines;

  Pipelines(Map<String, SecurityProperties.Pipeline> pipelines, String teamPrefix) {
    pipelines.forEach(
        (client, pipeline) -> {
          if (pipeline.team() != null
              && !teamPrefix.isEmpty()
              && !pipeline.team().startsWith(teamPrefix)) {
            throw new IllegalStateException(
                "slipway.security.pipelines."
                    + client
                    + ".team must be a team group (starting with '"
                    + teamPrefix
                    + "'), not '"
                    + pipeline.team()
                    + "'");
          }
        });
    this.pipelines = Map.copyOf(pipelines);
  }

  Optional<Match> of(Jwt jwt) {
    if (pipelines.isEmpty()) {
      return Optional.empty();
    }
    String client = jwt.getClaimAsString("azp");
    if (client == null) {
      client = jwt.getClaimAsString("client_id");
    }
    // Only a token that names no client at all is matched by its subject (some providers issue
    // client-credentials tokens so); a token that names another client is never a pipeline's.
    if (client == null && jwt.getClaimAsString("preferred_username") == null) {
      client = jwt.getSubject();
    }
    return client != null && pipelines.containsKey(client)
        ? Optional.of(new Match(client, pipelines.get(client)))
        : Optional.empty();
  }
}
