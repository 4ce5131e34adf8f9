package dev.slipway.security;

import java.util.Set;

/**
 * The signed-in person or pipeline.
 *
 * @param id stable identity: the token's subject ({@code sub}), or the dev user's name; ownership
 *     is keyed on it
 * @param name what people read: {@code preferred_username} where the provider gives one
 */
public record CurrentUser(String id, String name, Set<Role> roles) {

  public CurrentUser {
    roles = Set.copyOf(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }
}
