package dev.slipway.security;

import java.util.Set;

/** The signed-in person or pipeline: a name and the roles their groups grant. */
public record CurrentUser(String name, Set<Role> roles) {

  public CurrentUser {
    roles = Set.copyOf(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }
}
