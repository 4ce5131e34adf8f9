package dev.slipway.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/** Reads the current user from the security context, whichever way they signed in. */
@Component
public class CurrentUsers {

  /** Dev users' groups travel as authorities with this prefix. */
  static final String GROUP_AUTHORITY = "GROUP_";

  private final String groupsClaim;
  private final String teamPrefix;
  private final Pipelines pipelines;
  private final SecurityContextHolderStrategy contexts;

  /**
   * Reads through this application's own security context strategy (Vaadin's, shared with its
   * filters), not the JVM-wide holder: with several application contexts in one JVM, as in the
   * multi-instance tests, the holder's static strategy is whichever started last.
   */
  CurrentUsers(
      SecurityProperties properties, ObjectProvider<SecurityContextHolderStrategy> contexts) {
    this.groupsClaim = properties.groupsClaim();
    this.teamPrefix = properties.teamGroupPrefix();
    this.pipelines = new Pipelines(properties.pipelines(), properties.teamGroupPrefix());
    this.contexts = contexts.getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
  }

  public Optional<CurrentUser> current() {
    Authentication auth = contexts.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
      return Optional.empty();
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (GrantedAuthority authority : auth.getAuthorities()) {
      for (Role role : Role.values()) {
        if (role.authority().equals(authority.getAuthority())) {
          roles.add(role);
        }
      }
    }
    List<String> groups = groups(auth);
    List<String> teams =
        teamPrefix.isEmpty()
            ? List.of()
            : groups.stream().filter(g -> g.startsWith(teamPrefix)).sorted().toList();
    return Optional.of(new CurrentUser(auth.getName(), displayName(auth), roles, groups, teams));
  }

  /** The current user; the caller runs behind authentication, so there always is one. */
  public CurrentUser require() {
    return current()
        .orElseThrow(
            () ->
                new org.springframework.security.authentication
                    .AuthenticationCredentialsNotFoundException("not signed in"));
  }

  private List<String> groups(Authentication auth) {
    if (auth.getPrincipal() instanceof OidcUser oidc) {
      return GroupRoleMapper.groupsIn(oidc.getClaims().get(groupsClaim));
    }
    if (auth instanceof JwtAuthenticationToken jwt) {
      return pipelines
          .of(jwt.getToken())
          .map(Pipelines.Match::groups)
          .orElseGet(() -> GroupRoleMapper.groupsIn(jwt.getToken().getClaims().get(groupsClaim)));
    }
    return auth.getAuthorities().stream()
        .map(GrantedAuthority::getAuthority)
        .filter(a -> a != null && a.startsWith(GROUP_AUTHORITY))
        .map(a -> a.substring(GROUP_AUTHORITY.length()))
        .toList();
  }

  private String displayName(Authentication auth) {
    if (auth.getPrincipal() instanceof OidcUser oidc && oidc.getPreferredUsername() != null) {
      return oidc.getPreferredUsername();
    }
    if (auth instanceof JwtAuthenticationToken jwt) {
      Optional<Pipelines.Match> pipeline = pipelines.of(jwt.getToken());
      if (pipeline.isPresent()) {
        return pipeline.get().clientId();
      }
      String preferred = jwt.getToken().getClaimAsString("preferred_username");
      return preferred != null ? preferred : jwt.getToken().getSubject();
    }
    return auth.getName();
  }
}
