package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PortalRoleParameterTest {

  @Test
  void addsThePortalRoleToLiquibasesParameters() {
    assertThat(PortalRoleParameter.withRole(Map.of("other", "x"), "slipway_portal"))
        .containsEntry("slipway.portal-role", "slipway_portal")
        .containsEntry("other", "x");
  }

  @Test
  void refusesARoleNameThatIsNotPlain() {
    assertThatThrownBy(() -> PortalRoleParameter.withRole(Map.of(), "x'; drop table audit_event"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("slipway.migrations.portal-role must be a plain role name");
  }
}
