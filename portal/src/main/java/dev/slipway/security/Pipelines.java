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

  Pipelines(Map<String, SecurityProperties.Pipeline> pipelines) {
    this.pipelines = Map.copyOf(pipelines);
  }

  Optional<Match> of(Jwt jwt) {
    if (pipelines.isEmpty()) {
      return Optional.empty();
    }
    for (String claim : List.of("azp", "client_id", "sub")) {
      String client = jwt.getClaimAsString(claim);
      if (client != null && pipelines.containsKey(client)) {
        return Optional.of(new Match(client, pipelines.get(client)));
      }
    }
    return Optional.empty();
  }
}
