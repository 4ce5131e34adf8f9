package dev.slipway.provisioning;

import org.springframework.stereotype.Component;

/**
 * How many live environments a user, and a team (one of the user's groups), may have; 0 means no
 * limit. Read from {@code slipway.provisioning.limits}; adjustable at runtime (tests do).
 */
@Component
class EnvironmentLimits {

  private volatile int perUser;
  private volatile int perTeam;
  private final String teamGroupPrefix;

  EnvironmentLimits(ProvisioningProperties properties) {
    this.perUser = properties.limits().perUser();
    this.perTeam = properties.limits().perTeam();
    this.teamGroupPrefix =
        properties.limits().teamGroupPrefix() == null ? "" : properties.limits().teamGroupPrefix();
  }

  /** Whether a group is a team (its name starts with the configured prefix). */
  boolean isTeam(String group) {
    return !teamGroupPrefix.isEmpty() && group.startsWith(teamGroupPrefix);
  }

  int perUser() {
    return perUser;
  }

  int perTeam() {
    return perTeam;
  }

  void set(int perUser, int perTeam) {
    this.perUser = perUser;
    this.perTeam = perTeam;
  }
}
