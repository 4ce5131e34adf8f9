package dev.slipway.slo.ui;

import static com.github.mvysny.kaributesting.v10.ButtonKt._click;
import static com.github.mvysny.kaributesting.v10.HasValueUtilsKt._setValue;
import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.Svg;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.NumberField;
import dev.slipway.Environments;
import dev.slipway.Karibu;
import dev.slipway.PortalTest;
import dev.slipway.PrometheusStub;
import dev.slipway.provisioning.Environment;
import dev.slipway.provisioning.EnvironmentLifecycle;
import dev.slipway.provisioning.EnvironmentRequest;
import dev.slipway.slo.ErrorBudgets;
import dev.slipway.slo.ServiceLevels;
import dev.slipway.slo.ServiceObjective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The error-budget views, with budgets from Prometheus (WireMock) and without. */
@PortalTest
class BudgetViewsIT {

  @Autowired ApplicationContext context;
  @Autowired EnvironmentLifecycle lifecycle;
  @Autowired ServiceLevels serviceLevels;

  @AfterEach
  void tearDown() {
    PrometheusStub.reset();
    Karibu.signOut();
  }

  static void answer(String path, String query, String fixture) throws IOException {
    var stub = get(urlPathEqualTo(path));
    if (query != null) {
      stub = stub.withQueryParam("query", equalTo(query));
    }
    PrometheusStub.server()
        .stubFor(
            stub.atPriority(1)
                .willReturn(
                    aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            Files.readString(
                                Path.of("src/test/resources/prometheus/" + fixture)))));
  }

  @Test
  void sresSeeTheFleetMostSpentFirstAndAreToldWhenPrometheusFails() throws IOException {
    answer("/api/v1/query", "slo:period_error_budget_remaining:ratio", "remaining.json");
    answer("/api/v1/query", "slo:current_burn_rate:ratio", "burn-rate.json");
    answer("/api/v1/query", "slo:objective:ratio", "objective.json");
    Karibu.signIn(context, "sre", "SRE");
    UI.getCurrent().navigate("budgets");

    @SuppressWarnings("unchecked")
    Grid<ErrorBudgets.Budget> grid = _get(Grid.class, spec -> spec.withId("budgets"));
    assertThat(GridKt._size(grid)).isEqualTo(4);
    assertThat(GridKt._get(grid, 0).service() + "/" + GridKt._get(grid, 0).slo())
        .isEqualTo("payments/availability");
    _assertNone(Paragraph.class, spec -> spec.withId("budgets-problem"));

    PrometheusStub.server()
        .stubFor(
            get(urlPathEqualTo("/api/v1/query"))
                .atPriority(0)
                .willReturn(aResponse().withStatus(503)));
    Karibu.signOut();
    Karibu.signIn(context, "sre", "SRE");
    UI.getCurrent().navigate("budgets");
    assertThat(_get(Paragraph.class, spec -> spec.withId("budgets-problem")).getText())
        .contains("HTTP 503");
  }

  @Test
  void aServicesPageShowsItsBurnDownAndSresChangeAnObjective() throws IOException {
    Karibu.signIn(context, "developer", "DEVELOPER");
    Environment env =
        Environments.ready(
            lifecycle, new EnvironmentRequest("redis", "budget-page", Map.of(), null));
    answer("/api/v1/query_range", null, "burn-down.json");

    Karibu.signOut();
    Karibu.signIn(context, "sre", "SRE");
    UI.getCurrent().navigate("services/" + env.id());
    @SuppressWarnings("unchecked")
    Grid<ServiceObjective> grid = _get(Grid.class, spec -> spec.withId("objectives"));
    int objectives = GridKt._size(grid);
    assertThat(objectives).isPositive();
    assertThat(_find(Svg.class)).hasSize(objectives);

    _click((Button) GridKt._getCellComponent(grid, 0, "edit"));
    NumberField target = _get(NumberField.class, spec -> spec.withId("edit-objective"));
    _setValue(target, 100.0, true);
    _click(_get(Button.class, spec -> spec.withId("edit-save")));
    assertThat(target.isInvalid()).isTrue();
    assertThat(target.getErrorMessage()).contains("strictly between 0 and 100");

    _setValue(target, 99.5, true);
    _click(_get(Button.class, spec -> spec.withId("edit-save")));
    assertThat(serviceLevels.of(env.id()).getFirst().objective()).isEqualTo(99.5);
    assertThat(serviceLevels.of(env.id()).getFirst().updatedBy()).isEqualTo("sre");
  }
}
