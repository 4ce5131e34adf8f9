package dev.slipway.provisioning.ui;

import static com.github.mvysny.kaributesting.v10.ButtonKt._click;
import static com.github.mvysny.kaributesting.v10.HasValueUtilsKt._setValue;
import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextField;
import dev.slipway.Environments;
import dev.slipway.Karibu;
import dev.slipway.PortalTest;
import dev.slipway.provisioning.Environment;
import dev.slipway.provisioning.EnvironmentLifecycle;
import dev.slipway.provisioning.EnvironmentRequest;
import dev.slipway.provisioning.EnvironmentStatus;
import dev.slipway.provisioning.EnvironmentTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The environment page: a notice when expiry is near, extending, its history and retrying. */
@PortalTest
class EnvironmentViewIT {

  @Autowired ApplicationContext context;
  @Autowired EnvironmentLifecycle lifecycle;

  @BeforeEach
  void signIn() {
    Karibu.signIn(context, "developer", "DEVELOPER");
  }

  @AfterEach
  void signOut() {
    Karibu.signOut();
  }

  @Test
  void warnsWhenExpiryIsNearAndExtendsWithinTheMaximum() {
    Environment environment =
        Environments.ready(
            lifecycle, new EnvironmentRequest("redis", "expiring-soon", Map.of(), "PT2H"));
    UI.getCurrent().navigate("environments/" + environment.id());
    assertThat(_get(Paragraph.class, spec -> spec.withId("expiry-notice")).getText())
        .contains("expires in 2 hours");

    Instant before = lifecycle.find(environment.id()).orElseThrow().expiresAt();
    _click(_get(Button.class, spec -> spec.withId("extend-environment")));
    @SuppressWarnings("unchecked")
    RadioButtonGroup<String> by = _get(RadioButtonGroup.class, spec -> spec.withId("extend-by"));
    Paragraph result = _get(Paragraph.class, spec -> spec.withId("extend-result"));
    Button confirm = _get(Button.class, spec -> spec.withId("extend-confirm"));
    assertThat(by.getValue()).as("a day more by default").isEqualTo("P1D");
    assertThat(result.getText()).startsWith("New expiry: ").contains("in 26 hours");

    _setValue(by, "");
    TextField other = _get(TextField.class, spec -> spec.withId("extend-other"));
    _setValue(other, "P90D");
    assertThat(other.isInvalid()).isTrue();
    assertThat(other.getErrorMessage()).contains("maximum of 30 days");
    assertThat(result.getText()).as("said once, at the field").isEmpty();
    assertThat(confirm.isEnabled()).isFalse();

    _setValue(by, "P3D");
    assertThat(result.getText()).startsWith("New expiry: ");
    _click(confirm);
    Instant expiresAt = lifecycle.find(environment.id()).orElseThrow().expiresAt();
    assertThat(expiresAt).isEqualTo(before.plus(Duration.ofDays(3)));
    _assertNone(Paragraph.class, spec -> spec.withId("expiry-notice"));
    assertThat(lifecycle.history(environment.id()))
        .extracting(EnvironmentTransition::reason)
        .anySatisfy(r -> assertThat(r).startsWith("Extended by developer"));

    // A dialog opened before that extension applies nothing: its preview is out of date.
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                lifecycle.extend(
                    environment.id(),
                    dev.slipway.provisioning.ExpiryChange.parse("P1D", null, null),
                    false,
                    before))
        .isInstanceOf(dev.slipway.shared.ConflictException.class)
        .hasMessageContaining("changed meanwhile");
    assertThat(lifecycle.find(environment.id()).orElseThrow().expiresAt()).isEqualTo(expiresAt);
  }

  @Autowired dev.slipway.cluster.internal.ClusterConnection cluster;

  @Test
  void aFailedEnvironmentShowsItsHistoryAndIsRetriedFromItsPage() {
    cluster
        .sandbox()
        .server()
        .expect()
        .post()
        .withPath("/api/v1/namespaces/env-page-retry/services")
        .andReturn(
            403,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(403)
                .withMessage("services is forbidden: exceeded quota: compute")
                .build())
        .once();
    Environment requested =
        lifecycle.request(new EnvironmentRequest("redis", "page-retry", Map.of(), null));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInSameThread()
        .until(
            () ->
                lifecycle.find(requested.id()).orElseThrow().status() == EnvironmentStatus.FAILED);

    UI.getCurrent().navigate("environments/" + requested.id());
    @SuppressWarnings("unchecked")
    Grid<EnvironmentTransition> history = _get(Grid.class, spec -> spec.withId("history"));
    assertThat(GridKt._size(history)).isGreaterThanOrEqualTo(4);
    assertThat(GridKt._get(history, GridKt._size(history) - 1).to())
        .isEqualTo(EnvironmentStatus.FAILED);

    _click(_get(Button.class, spec -> spec.withId("retry-environment")));
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInSameThread()
        .until(
            () -> lifecycle.find(requested.id()).orElseThrow().status() == EnvironmentStatus.READY);
    assertThat(lifecycle.history(requested.id()))
        .extracting(EnvironmentTransition::reason)
        .contains("Retried by developer");
  }

  @Autowired dev.slipway.gate.ReleaseGate gate;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  private long auditRows(Environment environment) {
    return jdbc.sql("select count(*) from audit_event where environment_id = :id")
        .param("id", environment.id())
        .query(Long.class)
        .single();
  }

  @Test
  void aFrozenServiceSaysSoOnItsPages() {
    Environment environment =
        Environments.ready(
            lifecycle, new EnvironmentRequest("redis", "frozen-page", Map.of(), "P1D"));
    String service = dev.slipway.slo.ServiceLevels.serviceName("frozen-page", environment.id());
    try {
      dev.slipway.PrometheusStub.budget(service, -0.25);
      // The task makes the environment READY, then publishes EnvironmentReady, whose ledger row
      // can land just after the status is seen: count once it is there.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  jdbc.sql(
                          "select count(*) from audit_event where environment_id = :id"
                              + " and type = 'EnvironmentReady'")
                      .param("id", environment.id())
                      .query(Long.class)
                      .single(),
              n -> n > 0);
      long rows = auditRows(environment);
      UI.getCurrent().navigate("environments/" + environment.id());
      assertThat(_get(Paragraph.class, spec -> spec.withId("frozen-banner")).getText())
          .startsWith("Frozen for feature releases.")
          .contains("availability is spent")
          .contains("-25.0 % left");
      UI.getCurrent().navigate("services/" + environment.id());
      assertThat(lifecycle.frozen())
          .as("reading never writes: only the recurring evaluation records a freeze")
          .doesNotContain(environment.id());
      assertThat(auditRows(environment)).as("no ledger row for looking").isEqualTo(rows);

      gate.evaluateAll();
      assertThat(lifecycle.frozen()).contains(environment.id());

      UI.getCurrent().navigate("services/" + environment.id());
      assertThat(_get(Paragraph.class, spec -> spec.withId("frozen-banner")).getText())
          .contains("Frozen for feature releases.");

      dev.slipway.PrometheusStub.budget(service, 0.9);
      UI.getCurrent().navigate("environments/" + environment.id());
      _assertNone(Paragraph.class, spec -> spec.withId("frozen-banner"));
    } finally {
      dev.slipway.PrometheusStub.reset();
    }
  }
}
