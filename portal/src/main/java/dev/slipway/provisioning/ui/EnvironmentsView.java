package dev.slipway.provisioning.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import dev.slipway.provisioning.Environment;
import dev.slipway.provisioning.EnvironmentLifecycle;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.List;

/** Environments the user may see, newest first; refreshes itself while any is under way. */
@Route("environments")
@PageTitle("Environments · Slipway")
@Menu(order = 1, title = "Environments", icon = "vaadin:cluster")
@PermitAll
class EnvironmentsView extends VerticalLayout {

  private final EnvironmentLifecycle lifecycle;
  private final Clock clock;
  private final Grid<Environment> grid = new Grid<>();
  private final Paragraph empty = new Paragraph();
  private Registration polling;
  private java.util.Set<java.util.UUID> frozen = java.util.Set.of();

  EnvironmentsView(EnvironmentLifecycle lifecycle, Clock clock) {
    this.lifecycle = lifecycle;
    this.clock = clock;
    addClassName("view");

    Button create =
        new Button(
            "New environment",
            VaadinIcon.PLUS.create(),
            e -> getUI().ifPresent(ui -> ui.navigate("")));
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    HorizontalLayout header = new HorizontalLayout(new H2("Environments"), create);
    header.setWidthFull();
    header.setJustifyContentMode(JustifyContentMode.BETWEEN);
    header.setAlignItems(Alignment.CENTER);

    grid.setId("environments");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    grid.addComponentColumn(e -> new Anchor("environments/" + e.id(), e.name()))
        .setHeader("Name")
        .setAutoWidth(true);
    grid.addComponentColumn(
            e -> {
              HorizontalLayout pills = new HorizontalLayout(StatusPill.of(e.status()));
              pills.setSpacing(false);
              pills.getStyle().set("gap", "var(--lumo-space-xs)");
              if (frozen.contains(e.id())) {
                pills.add(StatusPill.frozen());
              }
              return pills;
            })
        .setHeader("Status")
        .setAutoWidth(true);
    grid.addColumn(e -> e.template() + " v" + e.templateVersion())
        .setHeader("Template")
        .setAutoWidth(true);
    grid.addColumn(Environment::namespace).setHeader("Namespace").setAutoWidth(true);
    grid.addColumn(e -> e.objects().size()).setHeader("Objects").setAutoWidth(true);
    grid.addColumn(Environment::ownerName).setHeader("Owner").setAutoWidth(true);
    grid.addColumn(e -> e.team() == null ? "" : e.team()).setHeader("Team").setAutoWidth(true);
    grid.addColumn(e -> Formats.relative(e.requestedAt(), clock.instant()))
        .setHeader("Requested")
        .setAutoWidth(true);
    grid.addColumn(e -> expiry(e)).setHeader("Expires").setAutoWidth(true);
    grid.setAllRowsVisible(true);

    empty.setText("No environments yet. Pick a template in the catalog to create your first one.");
    empty.addClassName("page-intro");

    add(header, empty, grid);
    refresh();
  }

  private String expiry(Environment e) {
    return switch (e.status()) {
      case DELETED, FAILED, REJECTED -> "—";
      default -> Formats.relative(e.expiresAt(), clock.instant());
    };
  }

  void refresh() {
    frozen = lifecycle.frozen();
    List<Environment> environments = lifecycle.list();
    grid.setItems(environments);
    empty.setVisible(environments.isEmpty());
    grid.setVisible(!environments.isEmpty());
  }

  private boolean anyInProgress() {
    return grid.getGenericDataView().getItems().anyMatch(e -> e.status().inProgress());
  }

  @Override
  protected void onAttach(AttachEvent event) {
    event.getUI().setPollInterval(2000);
    polling =
        event
            .getUI()
            .addPollListener(
                e -> {
                  if (anyInProgress()) {
                    refresh();
                  }
                });
  }

  @Override
  protected void onDetach(DetachEvent event) {
    event.getUI().setPollInterval(-1);
    if (polling != null) {
      polling.remove();
    }
  }
}
