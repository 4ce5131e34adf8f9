package dev.slipway.security;

import java.util.Set;

/**
 * The signed-in person or pipeline.
 *
 * @param id stable identity: the token's subject ({@code sub}), or the dev user's name; ownership
 *     is keyed on it
 * @param name what people read: {@code preferred_username} where the provider gives one
 * @param groups the groups the identity provider says the user is in (none for dev users)
 */
public record CurrentUser(String id, String name, Set<Role> roles, java.util.List<String> groups) {

  public CurrentUser {
    roles = Set.copyOf(roles);
    groups = java.util.List.copyOf(groups);
  }

  public CurrentUser(String id, String name, Set<Role> roles) {
    this(id, name, roles, java.util.List.of());
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }
}
