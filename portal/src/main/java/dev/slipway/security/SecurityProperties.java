package dev.slipway.security;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slipway.security.*}.
 *
 * @param groupsClaim the token claim that lists the user's groups
 * @param roleGroups for each role (developer, sre, auditor), the groups that grant it
 * @param teamGroupPrefix which of a user's groups are teams: those whose name starts with it
 * @param pipelines CI pipelines that call the API with client-credentials tokens, by client id: the
 *     team each acts for and its roles
 * @param oidc the identity provider, required outside the dev profile
 */
@ConfigurationProperties("slipway.security")
record SecurityProperties(
    String groupsClaim,
    Map<String, List<String>> roleGroups,
    @DefaultValue("team-") String teamGroupPrefix,
    @DefaultValue Map<String, Pipeline> pipelines,
    Oidc oidc) {

  /**
   * A pipeline's identity.
   *
   * @param team the team its environments belong to
   * @param roles its roles; developer when none are given
   */
  public record Pipeline(@Nullable String team, @DefaultValue List<Role> roles) {

    public java.util.Set<Role> grantedRoles() {
      return roles.isEmpty()
          ? java.util.EnumSet.of(Role.DEVELOPER)
          : java.util.EnumSet.copyOf(roles);
    }
  }

  /**
   * @param issuerUri the OIDC issuer; its discovery document provides every endpoint
   * @param audience when set, API tokens must name it in {@code aud}
   */
  public record Oidc(
      @Nullable String issuerUri,
      @Nullable String clientId,
      @Nullable String clientSecret,
      @Nullable String audience,
      List<String> scopes) {}
}
