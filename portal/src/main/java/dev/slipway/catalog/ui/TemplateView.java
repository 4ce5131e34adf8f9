package dev.slipway.catalog.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.slipway.catalog.TemplateCatalog;
import dev.slipway.catalog.TemplateDiff;
import dev.slipway.catalog.TemplatePolicy;
import dev.slipway.catalog.TemplateVersion;
import dev.slipway.shared.FieldProblem;
import dev.slipway.shared.InvalidRequestException;
import jakarta.annotation.security.RolesAllowed;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** For SREs: one template's versions, what changed between two of them, and its policy. */
@Route("templates/:name")
@PageTitle("Template · Slipway")
@RolesAllowed("SRE")
class TemplateView extends VerticalLayout implements BeforeEnterObserver {

  private final TemplateCatalog catalog;
  private String name;

  private final Grid<TemplateVersion> versions = new Grid<>();
  private final Select<Integer> from = new Select<>();
  private final Select<Integer> to = new Select<>();
  private final Div diff = new Div();

  private final TextField defaultTtl = new TextField("Default time to live");
  private final TextField maxTtl = new TextField("Maximum time to live");
  private final CheckboxGroup<String> allowedRoles = new CheckboxGroup<>("Roles that may use it");
  private final TextField allowedGroups = new TextField("Groups that may use it");
  private final Checkbox approvalRequired = new Checkbox("Each request needs an SRE's approval");
  private final TextArea quota = new TextArea("Namespace ResourceQuota (hard)");
  private final TextArea limitDefaults = new TextArea("LimitRange: container default limits");
  private final TextArea limitDefaultRequests =
      new TextArea("LimitRange: container default requests");

  TemplateView(TemplateCatalog catalog) {
    this.catalog = catalog;
    addClassName("view");
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    name = event.getRouteParameters().get("name").orElse("");
    List<TemplateVersion> all;
    try {
      all = catalog.versions(name);
    } catch (dev.slipway.shared.NotFoundException e) {
      event.rerouteToError(NotFoundException.class, e.getMessage());
      return;
    }
    build(all);
  }

  private void build(List<TemplateVersion> all) {
    removeAll();
    add(new H2(all.getFirst().displayName()));
    Paragraph intro =
        new Paragraph(name + " · " + all.size() + (all.size() == 1 ? " version" : " versions"));
    intro.addClassName("page-intro");
    add(intro);

    versions.removeAllColumns();
    versions.setId("versions");
    VersionActions.addColumns(versions);
    versions.addColumn(v -> v.checksum().substring(0, 12)).setHeader("Checksum").setAutoWidth(true);
    versions
        // A status change refreshes the list only: the policy form keeps what is being typed.
        .addComponentColumn(
            v -> VersionActions.of(v, catalog, () -> versions.setItems(catalog.versions(name))))
        .setAutoWidth(true);
    versions.setItems(all);
    versions.setAllRowsVisible(true);
    add(new H4("Versions"), versions);

    List<Integer> numbers = all.stream().map(TemplateVersion::version).sorted().toList();
    from.setLabel("From");
    to.setLabel("To");
    from.setItems(numbers);
    to.setItems(numbers);
    from.setId("diff-from");
    to.setId("diff-to");
    from.setValue(numbers.size() > 1 ? numbers.get(numbers.size() - 2) : numbers.getFirst());
    to.setValue(numbers.getLast());
    Button compare = new Button("Compare", e -> showDiff());
    compare.setId("diff-compare");
    HorizontalLayout diffControls = new HorizontalLayout(from, to, compare);
    diffControls.setAlignItems(Alignment.END);
    diff.setId("diff");
    diff.addClassName("diff");
    add(new H4("What changed"), diffControls, diff);
    showDiff();

    add(new H4("Policy"));
    Paragraph policyIntro =
        new Paragraph(
            "Stored with the template and shown to developers; the provisioning engine enforces it.");
    policyIntro.addClassName("field-help");
    add(policyIntro, policyForm());
  }

  private void showDiff() {
    diff.removeAll();
    if (from.getValue() == null || to.getValue() == null) {
      return;
    }
    TemplateDiff changes = catalog.diff(name, from.getValue(), to.getValue());
    if (changes.identical()) {
      diff.add(new Paragraph("No difference in parameters or objects."));
      return;
    }
    for (TemplateDiff.Line line : changes.lines()) {
      Div row = new Div();
      row.setText(line.change() + " " + line.text());
      row.addClassName(
          switch (line.change()) {
            case '+' -> "added";
            case '-' -> "removed";
            default -> "same";
          });
      diff.add(row);
    }
  }

  private FormLayout policyForm() {
    TemplatePolicy policy = catalog.policy(name);
    defaultTtl.setValue(policy.defaultTtl() == null ? "" : policy.defaultTtl().toString());
    defaultTtl.setHelperText("ISO-8601, e.g. P3D; empty: the portal's default");
    maxTtl.setValue(policy.maxTtl() == null ? "" : policy.maxTtl().toString());
    maxTtl.setHelperText("Empty: the portal's maximum");
    allowedRoles.setItems("DEVELOPER", "SRE");
    allowedRoles.setValue(new java.util.HashSet<>(policy.allowedRoles()));
    allowedRoles.setHelperText("None ticked: every role that requests environments");
    allowedGroups.setValue(String.join(", ", policy.allowedGroups()));
    allowedGroups.setHelperText("Comma-separated; empty: no group restriction");
    approvalRequired.setValue(policy.approvalRequired());
    quota.setValue(lines(policy.quota()));
    quota.setHelperText("One resource=quantity per line, e.g. requests.cpu=4");
    limitDefaults.setValue(lines(policy.limitDefaults()));
    limitDefaults.setHelperText("cpu, memory or ephemeral-storage, e.g. memory=512Mi");
    limitDefaultRequests.setValue(lines(policy.limitDefaultRequests()));
    for (HasValidation field : policyFields()) {
      field.setManualValidation(true);
    }
    defaultTtl.setId("policy-default-ttl");
    maxTtl.setId("policy-max-ttl");
    approvalRequired.setId("policy-approval");
    quota.setId("policy-quota");

    Button save = new Button("Save policy", e -> savePolicy());
    save.setId("policy-save");
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    FormLayout form =
        new FormLayout(
            defaultTtl,
            maxTtl,
            allowedRoles,
            allowedGroups,
            approvalRequired,
            new Div(),
            quota,
            limitDefaults,
            limitDefaultRequests,
            save);
    form.setResponsiveSteps(
        new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("700px", 2));
    return form;
  }

  void savePolicy() {
    for (HasValidation field : policyFields()) {
      field.setInvalid(false);
    }
    List<FieldProblem> problems = new ArrayList<>();
    Duration defaultValue = duration("defaultTtl", defaultTtl.getValue(), problems);
    Duration maxValue = duration("maxTtl", maxTtl.getValue(), problems);
    Map<String, String> quotaValue = quantities("quota", quota.getValue(), problems);
    Map<String, String> limitsValue =
        quantities("limitDefaults", limitDefaults.getValue(), problems);
    Map<String, String> requestsValue =
        quantities("limitDefaultRequests", limitDefaultRequests.getValue(), problems);
    if (problems.isEmpty()) {
      try {
        catalog.updatePolicy(
            name,
            new TemplatePolicy(
                defaultValue,
                maxValue,
                List.copyOf(allowedRoles.getValue()),
                Arrays.stream(allowedGroups.getValue().split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList(),
                approvalRequired.getValue(),
                quotaValue,
                limitsValue,
                requestsValue));
        Notification.show("Policy of " + name + " saved.", 3000, Notification.Position.BOTTOM_START)
            .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        return;
      } catch (InvalidRequestException e) {
        problems.addAll(e.problems());
      }
    }
    for (FieldProblem problem : problems) {
      HasValidation field =
          switch (problem.field().replaceAll("[.\\[].*$", "")) {
            case "defaultTtl" -> defaultTtl;
            case "maxTtl" -> maxTtl;
            case "allowedRoles" -> allowedRoles;
            case "allowedGroups" -> allowedGroups;
            case "quota" -> quota;
            case "limitDefaults" -> limitDefaults;
            default -> limitDefaultRequests;
          };
      String previous =
          field.isInvalid() && field.getErrorMessage() != null
              ? field.getErrorMessage() + "; "
              : "";
      field.setErrorMessage(previous + problem.message());
      field.setInvalid(true);
    }
  }

  /** The policy form's fields that show an error of their own. */
  private List<HasValidation> policyFields() {
    return List.of(
        defaultTtl,
        maxTtl,
        quota,
        limitDefaults,
        limitDefaultRequests,
        allowedRoles,
        allowedGroups);
  }

  private static Duration duration(String field, String text, List<FieldProblem> problems) {
    if (text.isBlank()) {
      return null;
    }
    try {
      return Duration.parse(text.strip());
    } catch (DateTimeParseException e) {
      problems.add(
          new FieldProblem(field, "'" + text + "' is not an ISO-8601 duration such as P3D"));
      return null;
    }
  }

  private static Map<String, String> quantities(
      String field, String text, List<FieldProblem> problems) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 1) {
        problems.add(new FieldProblem(field, "'" + line.strip() + "' is not resource=quantity"));
        continue;
      }
      out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    return out;
  }

  private static String lines(Map<String, String> values) {
    return values.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("\n"));
  }
}
