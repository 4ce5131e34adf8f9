package dev.slipway.provisioning.ui;

import com.vaadin.flow.component.grid.Grid;
import dev.slipway.provisioning.EnvironmentObject;
import dev.slipway.provisioning.EnvironmentTransition;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The grids of an environment's page: its objects and its history. */
final class EnvironmentGrids {

  private EnvironmentGrids() {}

  /** Each object with its status, labels and what the cluster said; hidden when there are none. */
  static Grid<EnvironmentObject> objects(List<EnvironmentObject> items) {
    Grid<EnvironmentObject> objects = new Grid<>();
    objects.setVisible(!items.isEmpty());
    objects.setId("objects");
    objects.addColumn(EnvironmentObject::kind).setHeader("Kind").setAutoWidth(true);
    objects.addColumn(EnvironmentObject::name).setHeader("Name").setAutoWidth(true);
    objects
        .addComponentColumn(o -> StatusPill.of(o.status()))
        .setHeader("Status")
        .setAutoWidth(true);
    objects
        .addColumn(o -> labels(o.labels()))
        .setHeader("Labels")
        .setFlexGrow(1)
        .setTooltipGenerator(o -> labels(o.labels()).replace(", ", "\n"));
    objects.addColumn(EnvironmentObject::message).setHeader("Cluster said").setAutoWidth(true);
    objects.setItems(items);
    objects.setAllRowsVisible(true);
    return objects;
  }

  /** Every transition and progress step, oldest first, with the portal instance that made it. */
  static Grid<EnvironmentTransition> history(List<EnvironmentTransition> steps) {
    Grid<EnvironmentTransition> history = new Grid<>();
    history.setId("history");
    history
        .addColumn(t -> Formats.time(t.at()))
        .setHeader("When")
        .setAutoWidth(true)
        .setFlexGrow(0);
    history
        .addComponentColumn(t -> StatusPill.of(t.to()))
        .setHeader("Status")
        .setAutoWidth(true)
        .setFlexGrow(0);
    history
        .addColumn(EnvironmentTransition::reason)
        .setHeader("Step")
        .setFlexGrow(1)
        .setTooltipGenerator(EnvironmentTransition::reason);
    history
        .addColumn(EnvironmentTransition::instance)
        .setHeader("Portal instance")
        .setAutoWidth(true)
        .setFlexGrow(0);
    history.setItems(steps);
    history.setAllRowsVisible(true);
    return history;
  }

  private static String labels(Map<String, String> labels) {
    return labels.entrySet().stream()
        .map(l -> l.getKey() + "=" + l.getValue())
        .collect(Collectors.joining(", "));
  }
}
