package dev.slipway.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Maps the groups in a token to Slipway's roles, as configured in slipway.security.role-groups. */
final class GroupRoleMapper {

  private final Map<String, List<String>> roleGroups;

  public GroupRoleMapper(Map<String, List<String>> roleGroups) {
    this.roleGroups = Map.copyOf(roleGroups);
  }

  public Set<Role> rolesFor(Collection<String> groups) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Role role : Role.values()) {
      List<String> granting =
          roleGroups.getOrDefault(role.name().toLowerCase(Locale.ROOT), List.of());
      if (groups.stream().anyMatch(granting::contains)) {
        roles.add(role);
      }
    }
    return roles;
  }

  /** Reads a claim that may be a list of strings or a single string. */
  public static List<String> groupsIn(Object claim) {
    if (claim instanceof Collection<?> values) {
      return values.stream().map(String::valueOf).toList();
    }
    if (claim instanceof String value) {
      return List.of(value);
    }
    return List.of();
  }
}
