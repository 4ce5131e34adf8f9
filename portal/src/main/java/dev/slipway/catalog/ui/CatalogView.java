package dev.slipway.catalog.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.slipway.catalog.CatalogTemplate;
import dev.slipway.catalog.TemplateCatalog;
import jakarta.annotation.security.PermitAll;

/** The home page: every template a developer can create an environment from. */
@Route("")
@PageTitle("Catalog · Slipway")
@Menu(order = 0, title = "Catalog", icon = "vaadin:grid-big")
@PermitAll
class CatalogView extends VerticalLayout {

  CatalogView(TemplateCatalog catalog) {
    addClassName("view");
    add(new H2("Catalog"));
    Paragraph intro =
        new Paragraph(
            "Templates curated by your SRE team. Pick one to get an environment in a namespace of"
                + " its own, with ownership labels on every object and a time-to-live.");
    intro.addClassName("page-intro");
    add(intro);

    Div grid = new Div();
    grid.addClassName("catalog-grid");
    catalog.templates().forEach(t -> grid.add(card(t)));
    add(grid);
  }

  private static Div card(CatalogTemplate template) {
    Div card = new Div();
    card.addClassName("template-card");
    card.setId("template-" + template.name());

    Div tags = new Div();
    template
        .tags()
        .forEach(
            tag -> {
              Span span = new Span(tag);
              span.addClassName("tag");
              tags.add(span);
            });

    Paragraph description = new Paragraph(template.description());
    description.addClassName("description");

    Span meta =
        new Span(
            template.name()
                + " · version "
                + template.version()
                + (template.provider().isBlank() ? "" : " · " + template.provider())
                + " · "
                + template.askedParameters().size()
                + " settings");
    meta.addClassName("meta");

    Button request =
        new Button(
            "Request environment",
            VaadinIcon.PLUS.create(),
            e ->
                e.getSource()
                    .getUI()
                    .ifPresent(ui -> ui.navigate("environments/new/" + template.name())));
    request.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    request.setId("request-" + template.name());

    card.add(new H3(template.displayName()), tags, description, meta);
    // Only web links: the URL comes from an imported template's annotation.
    if (template.documentationUrl().matches("(?i)https?://\\S+")) {
      Anchor docs = new Anchor(template.documentationUrl(), "Documentation");
      docs.setTarget("_blank");
      docs.getElement().setAttribute("rel", "noopener noreferrer");
      docs.addClassName("meta");
      card.add(docs);
    }
    card.add(request);
    return card;
  }
}
