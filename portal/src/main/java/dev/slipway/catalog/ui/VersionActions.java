package dev.slipway.catalog.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.slipway.catalog.TemplateCatalog;
import dev.slipway.catalog.TemplateStatus;
import dev.slipway.catalog.TemplateVersion;
import java.util.Comparator;

/**
 * A version grid's shared columns, and the buttons that move a version on (publish, deprecate,
 * retire).
 */
final class VersionActions {

  private VersionActions() {}

  /** Version, status, origin and who imported it when. */
  static void addColumns(Grid<TemplateVersion> versions) {
    versions.addColumn(TemplateVersion::version).setHeader("Version").setAutoWidth(true);
    versions
        .addComponentColumn(v -> TemplateStatusPill.of(v.status()))
        .setHeader("Status")
        .setAutoWidth(true);
    versions.addColumn(TemplateVersion::origin).setHeader("Origin").setAutoWidth(true);
    versions
        .addColumn(v -> v.importedBy() + ", " + TemplatesView.WHEN.format(v.importedAt()))
        .setHeader("Imported")
        .setAutoWidth(true);
  }

  static HorizontalLayout of(TemplateVersion v, TemplateCatalog catalog, Runnable refresh) {
    HorizontalLayout actions = new HorizontalLayout();
    actions.setSpacing(false);
    actions.getStyle().set("gap", "var(--lumo-space-xs)");
    v.status().next().stream()
        .sorted(Comparator.comparing(Enum::ordinal))
        .forEach(
            to -> {
              Runnable move =
                  () -> {
                    try {
                      catalog.changeStatus(v.name(), v.version(), to);
                      Notification.show(
                              v.name()
                                  + " version "
                                  + v.version()
                                  + " is now "
                                  + to.name().toLowerCase(java.util.Locale.ROOT)
                                  + ".",
                              3000,
                              Notification.Position.BOTTOM_START)
                          .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                    } catch (RuntimeException refused) {
                      Notification.show(
                              String.valueOf(refused.getMessage()),
                              5000,
                              Notification.Position.MIDDLE)
                          .addThemeVariants(NotificationVariant.LUMO_ERROR);
                    }
                    refresh.run();
                  };
              Button button =
                  new Button(
                      TemplateStatusPill.verb(to),
                      e -> {
                        if (to != TemplateStatus.RETIRED) {
                          move.run();
                          return;
                        }
                        ConfirmDialog confirm = new ConfirmDialog();
                        confirm.setHeader("Retire " + v.name() + " version " + v.version() + "?");
                        confirm.setText(
                            "Retired is final: this version can never be published again."
                                + " Environments made from it keep running.");
                        confirm.setCancelable(true);
                        confirm.setConfirmText("Retire");
                        confirm.setConfirmButtonTheme("error primary");
                        confirm.addConfirmListener(c -> move.run());
                        confirm.open();
                      });
              button.addThemeVariants(ButtonVariant.LUMO_SMALL);
              if (to == TemplateStatus.PUBLISHED) {
                button.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
              }
              if (to == TemplateStatus.RETIRED) {
                button.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
              }
              button.setId(
                  "v-"
                      + v.name()
                      + "-"
                      + v.version()
                      + "-"
                      + to.name().toLowerCase(java.util.Locale.ROOT));
              actions.add(button);
            });
    return actions;
  }
}
