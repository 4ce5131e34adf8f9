package dev.slipway.slo.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.slipway.slo.ErrorBudgetPolicy;
import dev.slipway.slo.ErrorBudgets;
import dev.slipway.slo.ServiceLevels;
import dev.slipway.slo.ServiceObjective;
import dev.slipway.ui.MainLayout;
import jakarta.annotation.security.RolesAllowed;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;

/** For SREs: every service's error budgets, the most spent first. */
@Route(value = "budgets", layout = MainLayout.class)
@PageTitle("Error budgets · Slipway")
@Menu(order = 3, title = "Error budgets", icon = "vaadin:chart")
@RolesAllowed({"SRE", "AUDITOR"})
class BudgetsView extends VerticalLayout {

  BudgetsView(
      ErrorBudgets budgets, ServiceLevels serviceLevels, ObjectProvider<ErrorBudgetPolicy> policy) {
    addClassName("view");
    add(new H2("Error budgets"));
    ErrorBudgets.Fleet fleet = budgets.fleet();
    Paragraph intro =
        new Paragraph(
            "Every provisioned service's objectives, the most spent budget first. A service whose"
                + " budget is spent is frozen for feature releases until it recovers.");
    intro.addClassName("page-intro");
    add(intro);
    if (!fleet.known()) {
      Paragraph problem = new Paragraph(fleet.problem());
      problem.setId("budgets-problem");
      problem.addClassName("expiry-notice");
      add(problem);
    }

    Map<String, UUID> environments = new HashMap<>();
    for (ServiceObjective o : serviceLevels.all()) {
      environments.put(o.service(), o.environment());
    }
    Grid<ErrorBudgets.Budget> grid = new Grid<>();
    grid.setId("budgets");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    grid.addComponentColumn(
            b ->
                environments.containsKey(b.service())
                    ? new Anchor("services/" + environments.get(b.service()), b.service())
                    : new Anchor("", b.service()))
        .setHeader("Service")
        .setAutoWidth(true);
    java.util.Set<UUID> frozen = policy.getIfAvailable(() -> ErrorBudgetPolicy.NONE).frozen();
    grid.addComponentColumn(
            b -> {
              UUID environment = environments.get(b.service());
              if (environment == null) {
                // Rules Slipway did not make: no gate of its own here.
                return new com.vaadin.flow.component.html.Span("—");
              }
              boolean isFrozen = frozen.contains(environment);
              com.vaadin.flow.component.html.Span release =
                  new com.vaadin.flow.component.html.Span(isFrozen ? "frozen" : "open");
              release.addClassNames("status", isFrozen ? "frozen" : "ready");
              return release;
            })
        .setHeader("Releases")
        .setAutoWidth(true);
    grid.addColumn(ErrorBudgets.Budget::slo).setHeader("Objective").setAutoWidth(true);
    grid.addColumn(b -> BudgetFormat.percent(b.objective())).setHeader("Target").setAutoWidth(true);
    grid.addComponentColumn(b -> BudgetFormat.remaining(b.remaining()))
        .setHeader("Budget left")
        .setAutoWidth(true);
    grid.addColumn(b -> BudgetFormat.burnRate(b.burnRate()))
        .setHeader("Burn rate now")
        .setAutoWidth(true);
    grid.setItems(fleet.budgets());
    grid.setAllRowsVisible(true);
    Paragraph empty =
        new Paragraph(
            fleet.known()
                ? "Prometheus has no budgets yet: they appear once services are scraped."
                : "No budgets to show.");
    empty.addClassName("page-intro");
    empty.setVisible(fleet.budgets().isEmpty());
    grid.setVisible(!fleet.budgets().isEmpty());
    add(grid, empty);
  }
}
