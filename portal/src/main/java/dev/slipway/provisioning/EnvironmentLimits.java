package dev.slipway.provisioning;

import org.springframework.stereotype.Component;

/**
 * How many live environments a user, and a team, may have; 0 means no limit. Read from {@code
 * slipway.provisioning.limits}; adjustable at runtime (tests do).
 */
@Component
class EnvironmentLimits {

  private volatile int perUser;
  private volatile int perTeam;

  EnvironmentLimits(ProvisioningProperties properties) {
    this.perUser = properties.limits().perUser();
    this.perTeam = properties.limits().perTeam();
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
