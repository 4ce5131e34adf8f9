package dev.slipway.provisioning;

import dev.slipway.gate.GatePolicy;
import dev.slipway.gate.ReleaseGate;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.CurrentUsers;
import dev.slipway.shared.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** What the current user may see of environments: lists, one environment, its history. */
@Component
class EnvironmentQueries {

  private final EnvironmentRepository environments;
  private final CurrentUsers users;
  private final ReleaseGate releaseGate;

  EnvironmentQueries(
      EnvironmentRepository environments, CurrentUsers users, ReleaseGate releaseGate) {
    this.environments = environments;
    this.users = users;
    this.releaseGate = releaseGate;
  }

  /** Developers see their own environments; SREs and auditors see all. Newest first. */
  List<Environment> list() {
    CurrentUser user = users.require();
    return environments.list(user.seesAll() ? null : user.id(), user.teamsSeen());
  }

  /** The environment, if it exists and the current user may see it. */
  Optional<Environment> find(UUID id) {
    CurrentUser user = users.require();
    return environments.find(id).filter(e -> user.sees(e.owner(), e.team()));
  }

  /**
   * The environment, which the current user may see.
   *
   * @throws NotFoundException when it does not exist or the user may not see it
   */
  Environment visible(UUID id) {
    return find(id).orElseThrow(() -> new NotFoundException("No environment with id " + id + "."));
  }

  /** The environment as it is stored now, after a change the caller made. */
  Environment current(UUID id) {
    return environments.find(id).orElseThrow();
  }

  List<EnvironmentTransition> history(Environment visible) {
    return environments.history(visible.id());
  }

  Optional<String> releaseFreeze(UUID id) {
    try {
      var status = releaseGate.status(id);
      return status.decision().state() == GatePolicy.State.FROZEN
          ? Optional.of(status.decision().reason())
          : Optional.empty();
    } catch (NotFoundException noServiceYet) {
      return Optional.empty();
    }
  }

  Set<UUID> frozen() {
    return releaseGate.frozen();
  }
}
