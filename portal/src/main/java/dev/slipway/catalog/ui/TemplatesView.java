package dev.slipway.catalog.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;
import dev.slipway.catalog.ImportedTemplate;
import dev.slipway.catalog.TemplateCatalog;
import dev.slipway.catalog.TemplateProblem;
import dev.slipway.catalog.TemplateRejectedException;
import dev.slipway.catalog.TemplateVersion;
import jakarta.annotation.security.RolesAllowed;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/** For SREs: import templates and decide which versions developers get. */
@Route("templates")
@PageTitle("Templates · Slipway")
@Menu(order = 2, title = "Templates", icon = "vaadin:file-code")
@RolesAllowed("SRE")
class TemplatesView extends VerticalLayout {

  static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final TemplateCatalog catalog;
  private final TextArea document = new TextArea("Template, YAML or JSON");
  private final Checkbox publish = new Checkbox("Publish right away");
  private final Div problems = new Div();
  private final Grid<TemplateVersion> versions = new Grid<>();

  TemplatesView(TemplateCatalog catalog) {
    this.catalog = catalog;
    long maxTemplateBytes = catalog.maxTemplateBytes();
    addClassName("view");
    add(new H2("Templates"));
    Paragraph intro =
        new Paragraph(
            "Import OpenShift templates — a Template, a List of them, or several YAML documents —"
                + " and decide which versions developers get. Every import is a new version;"
                + " developers see the newest published one.");
    intro.addClassName("page-intro");
    add(intro);

    document.setId("import-document");
    document.setWidthFull();
    document.setMinHeight("12em");
    document.setMaxHeight("24em");
    document.addClassName("code-area");
    document.setPlaceholder("apiVersion: template.openshift.io/v1\nkind: Template\n…");

    Upload upload =
        new Upload(
            UploadHandler.inMemory(
                (metadata, data) ->
                    getUI()
                        .ifPresent(
                            ui ->
                                ui.access(
                                    () ->
                                        document.setValue(
                                            new String(data, StandardCharsets.UTF_8))))));
    upload.setMaxFiles(1);
    upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, maxTemplateBytes));
    upload.setAcceptedFileTypes(".yaml", ".yml", ".json", "application/json", "application/yaml");
    upload.setDropLabel(
        new com.vaadin.flow.component.html.Span("or drop a .yaml / .json file here"));
    upload.setId("import-upload");

    publish.setId("import-publish");
    Button importButton = new Button("Import", e -> importDocument());
    importButton.setId("import-button");
    importButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    problems.setId("import-problems");
    problems.addClassName("problems");

    HorizontalLayout actions = new HorizontalLayout(importButton, publish);
    actions.setAlignItems(Alignment.CENTER);
    add(new H4("Import"), document, upload, actions, problems);

    versions.setId("template-versions");
    versions.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    versions
        .addComponentColumn(v -> new Anchor("templates/" + v.name(), v.name()))
        .setHeader("Template")
        .setAutoWidth(true);
    versions.addColumn(TemplateVersion::displayName).setHeader("Display name").setAutoWidth(true);
    VersionActions.addColumns(versions);
    versions
        .addComponentColumn(v -> VersionActions.of(v, catalog, this::refresh))
        .setKey("actions")
        .setAutoWidth(true);
    versions.setAllRowsVisible(true);
    add(new H4("Versions"), versions);
    refresh();
  }

  void importDocument() {
    problems.removeAll();
    try {
      List<ImportedTemplate> imported =
          catalog.importDocument(document.getValue(), publish.getValue());
      Notification.show(
              "Imported "
                  + imported.stream()
                      .map(
                          t ->
                              t.name()
                                  + " version "
                                  + t.version()
                                  + " ("
                                  + t.status().name().toLowerCase(java.util.Locale.ROOT)
                                  + ")")
                      .collect(Collectors.joining(", ")),
              4000,
              Notification.Position.BOTTOM_START)
          .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
      imported.forEach(t -> t.warnings().forEach(this::showProblem));
      document.clear();
      refresh();
    } catch (TemplateRejectedException e) {
      e.problems().forEach(this::showProblem);
    }
  }

  private void showProblem(TemplateProblem problem) {
    Div line = new Div();
    line.addClassNames("problem", problem.warning() ? "warning" : "error");
    line.setText((problem.warning() ? "Warning: " : "") + problem);
    problems.add(line);
  }

  void refresh() {
    versions.setItems(catalog.versions());
  }
}
