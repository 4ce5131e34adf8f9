package dev.slipway.security;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.security.*}.
 *
 * @param groupsClaim the token claim that lists the user's groups
 * @param roleGroups for each role (developer, sre, auditor), the groups that grant it
 * @param oidc the identity provider, required outside the dev profile
 */
@ConfigurationProperties("slipway.security")
public record SecurityProperties(
    String groupsClaim, Map<String, List<String>> roleGroups, Oidc oidc) {

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
