package dev.slipway.slo.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.slipway.security.CurrentUsers;
import dev.slipway.security.Role;
import dev.slipway.shared.FieldProblem;
import dev.slipway.shared.InvalidRequestException;
import dev.slipway.slo.ErrorBudgetPolicy;
import dev.slipway.slo.ErrorBudgets;
import dev.slipway.slo.ObjectiveChange;
import dev.slipway.slo.ServiceLevels;
import dev.slipway.slo.ServiceObjective;
import dev.slipway.slo.SloWindow;
import dev.slipway.ui.MainLayout;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;

/** A service's objectives, what is left of each error budget, and how it burned down. */
@Route(value = "services/:id", layout = MainLayout.class)
@PageTitle("Service level · Slipway")
@PermitAll
class ServiceLevelView extends VerticalLayout implements BeforeEnterObserver {

  private final ServiceLevels serviceLevels;
  private final ErrorBudgets budgets;
  private final CurrentUsers users;
  private final ErrorBudgetPolicy policy;
  private UUID id;

  ServiceLevelView(
      ServiceLevels serviceLevels,
      ErrorBudgets budgets,
      CurrentUsers users,
      ObjectProvider<ErrorBudgetPolicy> policy) {
    this.policy = policy.getIfAvailable(() -> ErrorBudgetPolicy.NONE);
    this.serviceLevels = serviceLevels;
    this.budgets = budgets;
    this.users = users;
    addClassName("view");
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    try {
      id = UUID.fromString(event.getRouteParameters().get("id").orElse(""));
    } catch (IllegalArgumentException e) {
      event.rerouteToError(NotFoundException.class, "No such service");
      return;
    }
    List<ServiceObjective> objectives = serviceLevels.visibleOf(id);
    if (objectives.isEmpty()) {
      event.rerouteToError(NotFoundException.class, "No such service");
      return;
    }
    render(objectives);
  }

  private void render() {
    render(serviceLevels.visibleOf(id));
  }

  private void render(List<ServiceObjective> objectives) {
    removeAll();
    String service = objectives.getFirst().service();
    add(new H2("Service level: " + service));
    Paragraph intro =
        new Paragraph(
            "The objectives this service is held to, and what is left of each error budget over"
                + " its window. A spent budget freezes feature releases until it recovers.");
    intro.addClassName("page-intro");
    add(intro, new Anchor("environments/" + id, "Back to the environment"));

    policy
        .freeze(id)
        .ifPresent(
            why -> {
              Paragraph frozen = new Paragraph(why);
              frozen.setId("frozen-banner");
              frozen.addClassName("frozen-banner");
              add(frozen);
            });

    ErrorBudgets.Fleet fleet = budgets.fleet();
    if (!fleet.known()) {
      Paragraph problem = new Paragraph(fleet.problem());
      problem.setId("budgets-problem");
      problem.addClassName("expiry-notice");
      add(problem);
    }

    boolean sre = users.current().map(u -> u.has(Role.SRE)).orElse(false);
    Grid<ServiceObjective> grid = new Grid<>();
    grid.setId("objectives");
    grid.addColumn(ServiceObjective::name).setHeader("Objective").setAutoWidth(true);
    grid.addColumn(ServiceLevels::describe).setHeader("Target").setAutoWidth(true);
    // Budgets as the policy counts them: planned windows left out where SREs marked any.
    java.util.Map<String, Double> left = policy.budgetsLeft(id, objectives, fleet);
    grid.addComponentColumn(o -> BudgetFormat.remaining(left.getOrDefault(o.name(), Double.NaN)))
        .setHeader("Budget left")
        .setAutoWidth(true);
    grid.addColumn(
            o ->
                BudgetFormat.burnRate(
                    fleet
                        .of(service, o.name())
                        .map(ErrorBudgets.Budget::burnRate)
                        .orElse(Double.NaN)))
        .setHeader("Burn rate now")
        .setAutoWidth(true);
    grid.addColumn(ServiceObjective::updatedBy)
        .setHeader("Set by")
        .setFlexGrow(1)
        .setTooltipGenerator(ServiceObjective::updatedBy);
    if (sre) {
      grid.addComponentColumn(
              o -> {
                Button edit = new Button("Edit", VaadinIcon.EDIT.create(), click -> edit(o));
                edit.setId("edit-" + o.name());
                edit.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
                return edit;
              })
          .setKey("edit")
          .setAutoWidth(true);
    }
    grid.setItems(objectives);
    grid.setAllRowsVisible(true);
    add(grid);
    policy
        .leftOut(id)
        .ifPresent(
            windows -> {
              Paragraph excluded = new Paragraph(windows);
              excluded.setId("excluded-windows");
              excluded.addClassName("page-intro");
              add(excluded);
            });

    if (fleet.known()) {
      for (ServiceObjective o : objectives) {
        ErrorBudgets.BurnDown burnDown =
            budgets.burnDown(service, o.name(), o.window().period(), Duration.ofHours(6));
        add(new H4("Burn-down: " + o.name()));
        if (burnDown.points().isEmpty()) {
          add(
              new Paragraph(
                  burnDown.problem() != null
                      ? burnDown.problem()
                      : "No data yet: the budget appears once the service is scraped."));
        } else {
          Div chart = new Div(BurnDownChart.of(burnDown.points()));
          chart.addClassName("burn-down");
          add(chart);
        }
      }
    }
  }

  private void edit(ServiceObjective o) {
    Dialog dialog = new Dialog();
    dialog.setHeaderTitle("Change " + o.name());
    NumberField objective = new NumberField("Objective (%)");
    objective.setId("edit-objective");
    objective.setValue(o.objective());
    Select<SloWindow> window = new Select<>();
    window.setLabel("Window");
    window.setItems(SloWindow.values());
    window.setValue(o.window());
    TextField threshold = new TextField("Threshold");
    threshold.setId("edit-threshold");
    threshold.setHelperText("e.g. 300ms, 1s, 5m");
    threshold.setVisible(o.indicator().takesThreshold());
    if (o.threshold() != null) {
      threshold.setValue(o.threshold().millis() + "ms");
    }
    Button save =
        new Button(
            "Save",
            click -> {
              try {
                serviceLevels.change(
                    id,
                    o.name(),
                    ObjectiveChange.of(
                        objective.getValue(),
                        window.getValue(),
                        threshold.isVisible() ? threshold.getValue() : null));
                dialog.close();
                render();
              } catch (InvalidRequestException invalid) {
                for (FieldProblem p : invalid.problems()) {
                  switch (p.field()) {
                    case "objective" -> {
                      objective.setInvalid(true);
                      objective.setErrorMessage(p.message());
                    }
                    case "threshold" -> {
                      threshold.setInvalid(true);
                      threshold.setErrorMessage(p.message());
                    }
                    default -> {
                      window.setInvalid(true);
                      window.setErrorMessage(p.message());
                    }
                  }
                }
              }
            });
    save.setId("edit-save");
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    dialog.add(new VerticalLayout(objective, window, threshold));
    dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
    dialog.open();
  }
}
