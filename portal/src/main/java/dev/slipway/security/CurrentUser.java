package dev.slipway.security;

import java.util.List;
import java.util.Set;

/**
 * The signed-in person or pipeline.
 *
 * @param id stable identity: the token's subject ({@code sub}), or the dev user's name; ownership
 *     is keyed on it
 * @param name what people read: {@code preferred_username} where the provider gives one
 * @param groups the groups the identity provider says the user is in; a pipeline's team
 * @param teams the groups that are teams (named with {@code slipway.security.team-group-prefix}):
 *     an environment belongs to its requester and one team, and the team's members share it
 */
public record CurrentUser(
    String id, String name, Set<Role> roles, List<String> groups, List<String> teams) {

  public CurrentUser {
    roles = Set.copyOf(roles);
    groups = List.copyOf(groups);
    teams = List.copyOf(teams);
  }

  public CurrentUser(String id, String name, Set<Role> roles) {
    this(id, name, roles, List.of(), List.of());
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** Whether the user is a member of the team (false for no team). */
  public boolean inTeam(@org.jspecify.annotations.Nullable String team) {
    return team != null && teams.contains(team);
  }
}
