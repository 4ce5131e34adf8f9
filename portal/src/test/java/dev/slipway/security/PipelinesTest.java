package dev.slipway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/** Which tokens are a configured pipeline's. */
class PipelinesTest {

  final Pipelines pipelines =
      new Pipelines(
          Map.of("payments-ci", new SecurityProperties.Pipeline("team-payments", List.of())),
          "team-");

  static Jwt token(Map<String, Object> claims) {
    Jwt.Builder jwt = Jwt.withTokenValue("t").header("alg", "none");
    claims.forEach(jwt::claim);
    return jwt.build();
  }

  @Test
  void theClientIsReadFromAzpOrClientId() {
    assertThat(pipelines.of(token(Map.of("sub", "4f1c", "azp", "payments-ci")))).isPresent();
    assertThat(pipelines.of(token(Map.of("sub", "4f1c", "client_id", "payments-ci"))))
        .hasValueSatisfying(m -> assertThat(m.groups()).containsExactly("team-payments"));
  }

  @Test
  void aSubjectCountsOnlyWhenTheTokenNamesNoClientAndNoPerson() {
    assertThat(pipelines.of(token(Map.of("sub", "payments-ci")))).isPresent();
    // A person whose subject happens to be the pipeline's name, signed in through another client.
    assertThat(pipelines.of(token(Map.of("sub", "payments-ci", "azp", "slipway-portal"))))
        .isEmpty();
    assertThat(pipelines.of(token(Map.of("sub", "payments-ci", "preferred_username", "pat"))))
        .isEmpty();
  }

  @Test
  void aPipelinesTeamMustBeATeamGroup() {
    assertThatThrownBy(
            () ->
                new Pipelines(
                    Map.of("ci", new SecurityProperties.Pipeline("payments", List.of())), "team-"))
        .hasMessageContaining("slipway.security.pipelines.ci.team")
        .hasMessageContaining("team-");
  }
}
