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

  /**
   * Who sees what belongs to a requester and a team (an environment, its service): SREs and
   * auditors see everything; the owner sees their own; a developer sees their teams'.
   */
  public boolean sees(String owner, @org.jspecify.annotations.Nullable String team) {
    return seesAll() || id.equals(owner) || (team != null && teamsSeen().contains(team));
  }

  /** Who may change it: SREs, the owner, a developer of its team; auditors change nothing. */
  public boolean mayChange(String owner, @org.jspecify.annotations.Nullable String team) {
    return has(Role.SRE) || id.equals(owner) || (has(Role.DEVELOPER) && inTeam(team));
  }

  /** SREs and auditors see every environment and service. */
  public boolean seesAll() {
    return has(Role.SRE) || has(Role.AUDITOR);
  }

  /** The teams whose environments the user sees: a developer's teams; nobody else's. */
  public List<String> teamsSeen() {
    return has(Role.DEVELOPER) ? teams : List.of();
  }

  /** Whether the user is a member of the team (false for no team). */
  public boolean inTeam(@org.jspecify.annotations.Nullable String team) {
    return team != null && teams.contains(team);
  }
}
