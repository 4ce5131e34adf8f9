package dev.slipway.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import dev.slipway.shared.InvalidRequestException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * An environment belongs to its requester and their team: the team's developers see and change it,
 * other developers do not even see it, auditors read it and change nothing. In the dev profile,
 * {@code developer} and {@code teammate} share team-payments.
 */
@PortalTest
class TeamOwnershipIT {

  @LocalServerPort int port;
  @Autowired EnvironmentLifecycle lifecycle;

  /** The application's own strategy: Vaadin installs one JVM-wide, the last context's wins. */
  @Autowired
  org.springframework.beans.factory.ObjectProvider<SecurityContextHolderStrategy> strategies;

  SecurityContextHolderStrategy contexts() {
    return strategies.getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
  }

  @AfterEach
  void signOut() {
    contexts().clearContext();
  }

  @Test
  void theTeamSeesAndChangesWhatItsMembersRequested() {
    Api developer = Api.basic(port, "developer", "developer");
    Api teammate = Api.basic(port, "teammate", "teammate");
    Api auditor = Api.basic(port, "auditor", "auditor");
    Api.Response created =
        developer.post(
            "/api/v1/environments", "{\"template\": \"redis\", \"name\": \"team-shared\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(202);
    assertThat(created.json().path("team").asString()).isEqualTo("team-payments");
    String id = created.json().path("id").asString();
    developer.awaitStatus(id, "READY");

    assertThat(teammate.get("/api/v1/environments").body()).contains(id);
    assertThat(teammate.get("/api/v1/environments/" + id).status()).isEqualTo(200);
    assertThat(teammate.get("/api/v1/services/" + id + "/slos").status()).isEqualTo(200);
    Api.Response extended =
        teammate.post("/api/v1/environments/" + id + "/extend", "{\"by\": \"PT2H\"}");
    assertThat(extended.status()).as(extended.body()).isEqualTo(200);

    assertThat(auditor.get("/api/v1/environments/" + id).status()).isEqualTo(200);
    assertThat(auditor.delete("/api/v1/environments/" + id).status()).isEqualTo(403);

    signInAs("outsider", "team-other");
    UUID uuid = UUID.fromString(id);
    assertThat(lifecycle.find(uuid)).isEmpty();
    assertThat(lifecycle.list()).noneMatch(e -> e.id().equals(uuid));
    assertThatThrownBy(() -> lifecycle.delete(uuid))
        .isInstanceOf(dev.slipway.shared.NotFoundException.class);
    contexts().clearContext();

    Api.Response deleted = teammate.delete("/api/v1/environments/" + id);
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(202);
  }

  @Test
  void aRequesterInSeveralTeamsNamesOneOfTheirs() {
    signInAs("polyglot", "team-a", "team-b");
    assertThatThrownBy(
            () -> lifecycle.request(new EnvironmentRequest("redis", "two-teams", Map.of(), null)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p -> {
                          assertThat(p.field()).isEqualTo("team");
                          assertThat(p.message()).contains("team-a, team-b");
                        }));
    assertThatThrownBy(() -> lifecycle.request(request("not-mine", "team-c")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p.message()).contains("not one of your teams")));

    Environment chosen = lifecycle.request(request("team-b-env", "team-b"));

    assertThat(chosen.team()).isEqualTo("team-b");
    signInAs("b-member", "team-b");
    assertThat(lifecycle.find(chosen.id())).isPresent();
    signInAs("a-member", "team-a");
    assertThat(lifecycle.find(chosen.id())).isEmpty();
  }

  @Test
  void aTeamMemberWithoutTheDeveloperRoleSeesNothingOfTheTeams() {
    signInAs("member-dev", "team-quiet");
    Environment made = lifecycle.request(request("quiet-one", "team-quiet"));
    signInWith("member-no-role", List.of(), "team-quiet");
    assertThat(lifecycle.find(made.id())).isEmpty();
    assertThat(lifecycle.list()).noneMatch(e -> e.id().equals(made.id()));
  }

  @Test
  void aTemplatesPolicyLimitsWhoMayRequestIt() {
    Api sre = Api.basic(port, "sre", "sre");
    try {
      assertThat(
              sre.put("/api/v1/templates/redis/policy", "{\"allowedGroups\": [\"team-cache\"]}")
                  .status())
          .isEqualTo(200);
      Api.Response refused =
          Api.basic(port, "developer", "developer")
              .post("/api/v1/environments", "{\"template\": \"redis\", \"name\": \"not-cache\"}");
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.body()).contains("only for group team-cache");

      signInAs("cache-dev", "team-cache");
      assertThat(lifecycle.request(request("cache-one", "team-cache")).team())
          .isEqualTo("team-cache");
    } finally {
      sre.put("/api/v1/templates/redis/policy", "{}");
    }
  }

  @Test
  void theTeamCanBeNamedThroughTheApi() {
    Api developer = Api.basic(port, "developer", "developer");
    Api.Response wrong =
        developer.post(
            "/api/v1/environments",
            "{\"template\": \"redis\", \"name\": \"wrong-team\", \"team\": \"team-sre\"}");
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.body()).contains("team").contains("not one of your teams");
  }

  private static EnvironmentRequest request(String name, String team) {
    return new EnvironmentRequest("redis", null, name, Map.of(), null, null, null, team);
  }

  private void signInAs(String subject, String... groups) {
    signInWith(subject, List.of("ROLE_DEVELOPER"), groups);
  }

  private void signInWith(String subject, List<String> authorities, String... groups) {
    Jwt jwt =
        Jwt.withTokenValue("test")
            .header("alg", "none")
            .subject(subject)
            .claim("groups", List.of(groups))
            .build();
    contexts()
        .getContext()
        .setAuthentication(
            new JwtAuthenticationToken(
                jwt, authorities.stream().map(SimpleGrantedAuthority::new).toList()));
  }
}
