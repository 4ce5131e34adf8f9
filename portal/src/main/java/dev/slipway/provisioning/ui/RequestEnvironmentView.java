package dev.slipway.provisioning.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.slipway.catalog.CatalogTemplate;
import dev.slipway.catalog.TemplateCatalog;
import dev.slipway.catalog.TemplateParameter;
import dev.slipway.catalog.TemplatePolicy;
import dev.slipway.provisioning.Durations;
import dev.slipway.provisioning.Environment;
import dev.slipway.provisioning.EnvironmentLifecycle;
import dev.slipway.provisioning.EnvironmentRequest;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldProblem;
import dev.slipway.shared.InvalidRequestException;
import jakarta.annotation.security.RolesAllowed;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The request form, generated from the template's parameters: one field per parameter it does not
 * generate, plus the environment's name and time-to-live. Errors appear next to their field.
 */
@Route("environments/new/:template")
@PageTitle("Request environment · Slipway")
@RolesAllowed({"DEVELOPER", "SRE"})
class RequestEnvironmentView extends VerticalLayout implements BeforeEnterObserver {

  private final EnvironmentLifecycle lifecycle;
  private final TextField name = new TextField("Environment name");
  private final TextField ttl = new TextField("Time to live");
  private final com.vaadin.flow.component.select.Select<String> team =
      new com.vaadin.flow.component.select.Select<>();
  private final java.util.List<String> teams;
  private final Map<String, TextField> parameterFields = new LinkedHashMap<>();
  private final Map<String, PasswordField> secretFields = new LinkedHashMap<>();
  private CatalogTemplate template;

  RequestEnvironmentView(EnvironmentLifecycle lifecycle, dev.slipway.security.CurrentUsers users) {
    this.lifecycle = lifecycle;
    this.teams = users.require().teams();
    addClassName("view");
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    String templateName = event.getRouteParameters().get("template").orElse("");
    template = lifecycle.template(templateName).orElse(null);
    if (template == null) {
      event.rerouteToError(NotFoundException.class, "No template named " + templateName);
      return;
    }
    build();
  }

  private void build() {
    removeAll();
    parameterFields.clear();
    secretFields.clear();
    add(new H2("New environment: " + template.displayName()));
    Paragraph description = new Paragraph(template.description());
    description.addClassName("page-intro");
    add(description);

    name.setId("environment-name");
    name.setManualValidation(true);
    ttl.setManualValidation(true);
    name.setRequiredIndicatorVisible(true);
    name.setHelperText("Lowercase letters, digits and '-'. The namespace will be env-<name>.");
    name.setMaxLength(63);
    name.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.EAGER);
    name.addValueChangeListener(e -> clearError(name));

    TemplatePolicy policy = lifecycle.policy(template.name());
    Paragraph rules = new Paragraph(policySummary(policy));
    rules.setId("template-policy");
    rules.addClassName("field-help");
    add(rules);

    ttl.setId("environment-ttl");
    ttl.setValue(
        Durations.iso(policy.defaultTtl() != null ? policy.defaultTtl() : lifecycle.defaultTtl()));
    ttl.setHelperText(
        "ISO-8601 duration, e.g. PT12H or P3D; at most "
            + Durations.iso(policy.maxTtl() != null ? policy.maxTtl() : lifecycle.maxTtl())
            + ". Recorded as the environment's expiry.");
    ttl.addValueChangeListener(e -> clearError(ttl));

    FormLayout basics = new FormLayout(name, ttl);
    if (!teams.isEmpty()) {
      team.setId("environment-team");
      team.setLabel("Team");
      team.setItems(teams);
      team.setValue(teams.getFirst());
      team.setHelperText("Its members see and manage the environment with you.");
      basics.add(team);
    }
    basics.setResponsiveSteps(
        new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("600px", 2));
    add(basics);

    List<TemplateParameter> asked = template.askedParameters();
    if (!asked.isEmpty()) {
      add(new H4("Template settings"));
      FormLayout parameters = new FormLayout();
      parameters.setResponsiveSteps(
          new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("600px", 2));
      for (TemplateParameter p : asked) {
        parameters.add(field(p));
      }
      add(parameters);
    }

    List<String> generated =
        template.parameters().stream()
            .filter(TemplateParameter::generated)
            .map(TemplateParameter::label)
            .toList();
    if (!generated.isEmpty()) {
      Paragraph note =
          new Paragraph(
              "Generated for you and kept only in the environment's Secret: "
                  + String.join(", ", generated)
                  + ".");
      note.addClassName("field-help");
      add(note);
    }

    Button submit = new Button("Create environment", e -> submit());
    submit.setId("create-environment");
    submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    submit.addClickShortcut(com.vaadin.flow.component.Key.ENTER);
    Button preview = new Button("Preview", e -> preview());
    preview.setId("preview-environment");
    Button cancel = new Button("Cancel", e -> getUI().ifPresent(ui -> ui.navigate("")));
    add(new HorizontalLayout(submit, preview, cancel));
  }

  private String policySummary(TemplatePolicy policy) {
    List<String> rules = new java.util.ArrayList<>();
    rules.add(
        "Lives at most "
            + Durations.readable(policy.maxTtl() != null ? policy.maxTtl() : lifecycle.maxTtl()));
    if (policy.approvalRequired()) {
      rules.add("each request waits for an SRE's approval");
    }
    if (!policy.allowedRoles().isEmpty() || !policy.allowedGroups().isEmpty()) {
      List<String> who = new java.util.ArrayList<>();
      policy.allowedRoles().forEach(r -> who.add(r.toLowerCase(java.util.Locale.ROOT) + "s"));
      policy.allowedGroups().forEach(g -> who.add("group " + g));
      rules.add("for " + String.join(", ", who));
    }
    if (!policy.quota().isEmpty()) {
      rules.add(
          "namespace quota "
              + policy.quota().entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .sorted()
                  .collect(Collectors.joining(", ")));
    }
    return "Template policy: " + String.join("; ", rules) + ".";
  }

  private Component field(TemplateParameter p) {
    boolean secret = TemplateParameter.looksSecret(p.name());
    String helper = p.description().isBlank() ? p.name() : p.description();
    if (secret) {
      PasswordField field = new PasswordField(p.label());
      field.setManualValidation(true);
      field.setId("param-" + p.name());
      if (!p.defaultValue().isEmpty()) {
        field.setPlaceholder("empty: the template's default");
      }
      field.setHelperText(helper);
      field.setRequiredIndicatorVisible(p.required());
      field.addValueChangeListener(e -> clearError(field));
      secretFields.put(p.name(), field);
      return field;
    }
    TextField field = new TextField(p.label());
    field.setManualValidation(true);
    field.setId("param-" + p.name());
    field.setValue(p.defaultValue());
    field.setHelperText(helper);
    field.setRequiredIndicatorVisible(p.required());
    field.addValueChangeListener(e -> clearError(field));
    parameterFields.put(p.name(), field);
    return field;
  }

  private Map<String, String> values() {
    Map<String, String> values = new LinkedHashMap<>();
    parameterFields.forEach((k, f) -> values.put(k, f.getValue()));
    // An empty secret field is left out: the template's own default (or generator) applies.
    secretFields.forEach(
        (k, f) -> {
          if (!f.getValue().isEmpty()) {
            values.put(k, f.getValue());
          }
        });
    return values;
  }

  /** Shows the objects the request would create, secrets masked, without creating anything. */
  void preview() {
    try {
      TemplateCatalog.Preview preview =
          lifecycle.preview(template.name(), template.version(), values());
      Dialog dialog = new Dialog();
      dialog.setId("preview-dialog");
      dialog.setHeaderTitle(
          "Preview: "
              + preview.objects().size()
              + " objects from "
              + template.name()
              + " version "
              + preview.version());
      Pre yaml = new Pre(preview.yaml());
      yaml.addClassName("preview-yaml");
      dialog.add(
          new Paragraph(
              "Nothing has been created. Secret values are masked; generated ones are made anew on creation."),
          yaml);
      dialog.setWidth("min(900px, 95vw)");
      dialog.getFooter().add(new Button("Close", e -> dialog.close()));
      dialog.open();
    } catch (InvalidRequestException e) {
      showProblems(e.problems());
    } catch (RuntimeException e) {
      Notification.show(String.valueOf(e.getMessage()), 6000, Notification.Position.MIDDLE)
          .addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
  }

  void submit() {
    Map<String, String> values = values();
    try {
      Environment environment =
          lifecycle.request(
              new EnvironmentRequest(
                  template.name(),
                  // The version this form was built from: a newer one published meanwhile may
                  // have other parameters, so it is refused rather than silently used.
                  template.version(),
                  name.getValue().strip(),
                  values,
                  ttl.getValue(),
                  null,
                  null,
                  teams.isEmpty() ? null : team.getValue()));
      Notification.show(
              "Environment " + environment.name() + " requested; provisioning has started.",
              4000,
              Notification.Position.BOTTOM_START)
          .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
      getUI().ifPresent(ui -> ui.navigate("environments/" + environment.id()));
    } catch (InvalidRequestException e) {
      showProblems(e.problems());
    } catch (ConflictException e) {
      showProblems(List.of(new FieldProblem(e.field(), e.getMessage())));
    } catch (RuntimeException e) {
      Notification.show(
              e.getMessage() == null ? "The request failed." : e.getMessage(),
              6000,
              Notification.Position.MIDDLE)
          .addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
  }

  private void showProblems(List<FieldProblem> problems) {
    List<String> unplaced =
        problems.stream()
            .filter(p -> !place(p))
            .map(p -> p.field() + ": " + p.message())
            .collect(Collectors.toList());
    if (!unplaced.isEmpty()) {
      Notification.show(String.join("\n", unplaced), 6000, Notification.Position.MIDDLE)
          .addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
  }

  private boolean place(FieldProblem problem) {
    HasValidatedField target =
        switch (problem.field()) {
          case "name" -> HasValidatedField.of(name);
          case "ttl" -> HasValidatedField.of(ttl);
          case "team" -> HasValidatedField.of(team);
          default -> {
            String parameter = problem.field().replaceFirst("^parameters\\.", "");
            if (parameterFields.containsKey(parameter)) {
              yield HasValidatedField.of(parameterFields.get(parameter));
            }
            if (secretFields.containsKey(parameter)) {
              yield HasValidatedField.of(secretFields.get(parameter));
            }
            yield null;
          }
        };
    if (target == null) {
      return false;
    }
    target.show(problem.message());
    return true;
  }

  private static void clearError(com.vaadin.flow.component.HasValidation field) {
    field.setInvalid(false);
    field.setErrorMessage(null);
  }

  /** A field that can show a server-side error message next to itself. */
  private interface HasValidatedField {
    void show(String message);

    static HasValidatedField of(com.vaadin.flow.component.HasValidation field) {
      return message -> {
        field.setErrorMessage(message);
        field.setInvalid(true);
      };
    }
  }

  // Visible for the Karibu test: the fields as a person sees them.
  TextField nameField() {
    return name;
  }

  TextField ttlField() {
    return ttl;
  }

  Map<String, TextField> parameterFields() {
    return parameterFields;
  }
}
