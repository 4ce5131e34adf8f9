package dev.slipway.provisioning.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import dev.slipway.provisioning.Environment;
import dev.slipway.provisioning.EnvironmentLifecycle;
import dev.slipway.provisioning.EnvironmentObject;
import dev.slipway.provisioning.EnvironmentStatus;
import dev.slipway.provisioning.EnvironmentTransition;
import dev.slipway.provisioning.ExpiryChange;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.CurrentUsers;
import dev.slipway.security.Role;
import dev.slipway.shared.FieldProblem;
import dev.slipway.shared.InvalidRequestException;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** One environment: status as it changes, its facts, parameters and objects; delete. */
@Route("environments/:id")
@PageTitle("Environment · Slipway")
@PermitAll
public class EnvironmentView extends VerticalLayout implements BeforeEnterObserver {

  private final EnvironmentLifecycle lifecycle;
  private final CurrentUsers users;
  private final Clock clock;
  private UUID id;
  private EnvironmentStatus shown;
  private Registration polling;

  EnvironmentView(EnvironmentLifecycle lifecycle, CurrentUsers users, Clock clock) {
    this.lifecycle = lifecycle;
    this.users = users;
    this.clock = clock;
    addClassName("view");
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    try {
      id = UUID.fromString(event.getRouteParameters().get("id").orElse(""));
    } catch (IllegalArgumentException e) {
      event.rerouteToError(NotFoundException.class, "No such environment");
      return;
    }
    java.util.Optional<Environment> found = lifecycle.find(id);
    if (found.isEmpty()) {
      event.rerouteToError(NotFoundException.class, "No such environment");
      return;
    }
    render(found.get());
  }

  /** Reads the environment again and shows it (after an action, or when its status moved). */
  private void render() {
    render(lifecycle.find(id).orElseThrow());
  }

  private void render(Environment e) {
    shown = e.status();
    removeAll();

    Span pill = StatusPill.of(e.status());
    pill.setId("environment-status");
    H2 title = new H2(e.name());
    HorizontalLayout heading = new HorizontalLayout(title, pill);
    heading.setAlignItems(Alignment.CENTER);
    add(heading);

    if (e.status() == EnvironmentStatus.READY
        && e.expiresAt().isBefore(clock.instant().plus(lifecycle.expiryNotice()))) {
      Paragraph soon =
          new Paragraph(
              "This environment expires "
                  + Formats.relative(e.expiresAt(), clock.instant())
                  + " and will then be deleted. Extend it if you still need it.");
      soon.setId("expiry-notice");
      soon.addClassName("expiry-notice");
      add(soon);
    }

    // Only a ready environment is a running service with budgets; and this page re-renders every
    // second while work is under way, when asking the gate would be wasted.
    (e.status() == EnvironmentStatus.READY
            ? lifecycle.releaseFreeze(e.id())
            : java.util.Optional.<String>empty())
        .ifPresent(
            why -> {
              Paragraph frozen = new Paragraph("Frozen for feature releases. " + why);
              frozen.setId("frozen-banner");
              frozen.addClassName("frozen-banner");
              add(frozen);
            });

    Paragraph reason = new Paragraph(e.statusReason());
    reason.setId("status-reason");
    reason.addClassName("page-intro");
    add(reason);
    if (e.status() == EnvironmentStatus.AWAITING_APPROVAL
        && !lifecycle.mayDecide(e)
        && users.current().map(u -> u.has(Role.SRE)).orElse(false)) {
      Paragraph fourEyes =
          new Paragraph("You requested it yourself, so another SRE must approve it (four eyes).");
      fourEyes.setId("four-eyes");
      fourEyes.addClassName("expiry-notice");
      add(fourEyes);
    }

    Anchor serviceLevel = new Anchor("services/" + e.id(), "Service level and error budgets");
    serviceLevel.setId("service-level");
    // A request that never reached the cluster is no service yet.
    serviceLevel.setVisible(
        e.status() != EnvironmentStatus.AWAITING_APPROVAL
            && e.status() != EnvironmentStatus.REJECTED);
    add(serviceLevel);
    if (users.current().map(CurrentUser::seesAll).orElse(false)) {
      Anchor audit = new Anchor("audit?environment=" + e.id(), "Audit trail");
      audit.setId("audit-trail");
      add(audit);
    }

    DescriptionList facts = new DescriptionList();
    facts.addClassName("facts");
    fact(facts, "Namespace", e.namespace());
    fact(facts, "Template", e.template() + " (version " + e.templateVersion() + ")");
    fact(facts, "Owner", e.ownerName());
    if (e.team() != null) {
      fact(facts, "Team", e.team());
    }
    fact(facts, "Requested", Formats.time(e.requestedAt()));
    fact(
        facts,
        "Expires",
        e.status() == EnvironmentStatus.DELETED
            ? "deleted " + Formats.time(e.updatedAt())
            : e.status() == EnvironmentStatus.REJECTED
                ? "never created"
                : Formats.time(e.expiresAt())
                    + " ("
                    + Formats.relative(e.expiresAt(), clock.instant())
                    + ")");
    fact(facts, "Id", e.id().toString());
    add(facts);

    if (!e.parameters().isEmpty()) {
      add(new H4("Parameters"));
      Div params = new Div();
      params.addClassName("labels");
      params.setText(
          e.parameters().entrySet().stream()
              .map(p -> p.getKey() + "=" + p.getValue())
              .collect(Collectors.joining("  ")));
      add(params);
    }

    add(new H4("Objects"));
    if (e.objects().isEmpty()) {
      Paragraph none =
          new Paragraph(
              switch (e.status()) {
                case AWAITING_APPROVAL -> "Nothing is created until an SRE approves the request.";
                case REJECTED -> "Nothing was created: the request was rejected.";
                default -> "No objects yet.";
              });
      none.setId("no-objects");
      add(none);
    }
    Grid<EnvironmentObject> objects = new Grid<>();
    objects.setVisible(!e.objects().isEmpty());
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
    objects.setItems(e.objects());
    objects.setAllRowsVisible(true);
    add(objects);

    add(new H4("History"));
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
    history.setItems(lifecycle.history(e));
    history.setAllRowsVisible(true);
    add(history);

    if (e.status() == EnvironmentStatus.AWAITING_APPROVAL && lifecycle.mayDecide(e)) {
      Button approve =
          new Button(
              "Approve",
              VaadinIcon.CHECK.create(),
              click -> {
                try {
                  lifecycle.approve(e.id());
                } catch (RuntimeException raced) {
                  Notification.show(
                          String.valueOf(raced.getMessage()), 5000, Notification.Position.MIDDLE)
                      .addThemeVariants(NotificationVariant.LUMO_ERROR);
                }
                render();
              });
      approve.setId("approve-environment");
      approve.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      TextField why = new TextField();
      why.setId("reject-reason");
      why.setPlaceholder("Why not? (required to reject)");
      why.setManualValidation(true);
      Button reject =
          new Button(
              "Reject",
              click -> {
                try {
                  lifecycle.reject(e.id(), why.getValue());
                  render();
                } catch (InvalidRequestException problem) {
                  why.setErrorMessage("Say why, so the requester knows what to change.");
                  why.setInvalid(true);
                } catch (RuntimeException raced) {
                  Notification.show(
                          String.valueOf(raced.getMessage()), 5000, Notification.Position.MIDDLE)
                      .addThemeVariants(NotificationVariant.LUMO_ERROR);
                  render();
                }
              });
      reject.setId("reject-environment");
      reject.addThemeVariants(ButtonVariant.LUMO_ERROR);
      HorizontalLayout decision = new HorizontalLayout(approve, why, reject);
      decision.setAlignItems(Alignment.BASELINE);
      add(decision);
    }

    boolean mayDelete = lifecycle.mayChange(e);
    boolean finished =
        e.status() == EnvironmentStatus.DELETED || e.status() == EnvironmentStatus.REJECTED;
    if (mayDelete && !finished && !e.status().inProgress()
        || mayDelete && e.status() == EnvironmentStatus.DELETING) {
      Button delete =
          new Button("Delete environment", VaadinIcon.TRASH.create(), click -> confirmDelete(e));
      delete.setId("delete-environment");
      delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
      HorizontalLayout actions = new HorizontalLayout();
      if (e.status() == EnvironmentStatus.READY) {
        Button extend = new Button("Extend", VaadinIcon.CLOCK.create(), click -> extend(e));
        extend.setId("extend-environment");
        actions.add(extend);
      }
      if (e.status() == EnvironmentStatus.FAILED) {
        Button retry = new Button("Retry", VaadinIcon.REFRESH.create(), click -> retry(e));
        retry.setId("retry-environment");
        retry.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        actions.add(retry);
      }
      actions.add(delete);
      add(actions);
    }
  }

  private void retry(Environment e) {
    try {
      lifecycle.retry(e.id());
    } catch (RuntimeException refused) {
      Notification.show(String.valueOf(refused.getMessage()), 5000, Notification.Position.MIDDLE)
          .addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
    render();
  }

  /**
   * Extending adds to the current expiry: presets or a duration of one's own, and the resulting
   * expiry shown before the user confirms. Shortening is for the API, asked for explicitly.
   */
  private void extend(Environment e) {
    Dialog dialog = new Dialog();
    dialog.setHeaderTitle("Extend " + e.name());
    dialog.setWidth("34em");
    Paragraph now =
        new Paragraph(
            "Expires "
                + Formats.time(e.expiresAt())
                + " ("
                + Formats.relative(e.expiresAt(), clock.instant())
                + ").");
    RadioButtonGroup<String> by = new RadioButtonGroup<>("Keep it longer by");
    by.setId("extend-by");
    Map<String, String> presets = new java.util.LinkedHashMap<>();
    presets.put("PT12H", "12 hours");
    presets.put("P1D", "1 day");
    presets.put("P3D", "3 days");
    presets.put("P7D", "1 week");
    presets.put("", "Other");
    by.setItems(presets.keySet());
    by.setItemLabelGenerator(presets::get);
    by.setValue("P1D");
    TextField other = new TextField("Other duration");
    other.setId("extend-other");
    other.setPlaceholder("e.g. P2D or PT36H");
    other.setHelperText("ISO-8601 duration added to the current expiry.");
    other.setWidthFull();
    other.setVisible(false);
    other.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.LAZY);
    Paragraph result = new Paragraph();
    result.setId("extend-result");
    Button confirm = new Button("Extend");
    confirm.setId("extend-confirm");
    confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

    Runnable preview =
        () -> {
          other.setVisible(by.getValue() != null && by.getValue().isEmpty());
          other.setInvalid(false);
          try {
            java.time.Instant to =
                lifecycle.previewExtension(e, chosen(by.getValue(), other.getValue()), false);
            result.setText(
                "New expiry: "
                    + Formats.time(to)
                    + " ("
                    + Formats.relative(to, clock.instant())
                    + ").");
            result.removeClassName("error-text");
            confirm.setEnabled(true);
          } catch (InvalidRequestException problems) {
            String why =
                problems.problems().stream()
                    .map(FieldProblem::message)
                    .collect(Collectors.joining("; "));
            // Said once: at the field when the user typed it, else where the result goes.
            if (other.isVisible()) {
              other.setErrorMessage(why);
              other.setInvalid(true);
              result.setText("");
            } else {
              result.setText("Cannot extend: " + why);
              result.addClassName("error-text");
            }
            confirm.setEnabled(false);
          }
        };
    by.addValueChangeListener(change -> preview.run());
    other.addValueChangeListener(change -> preview.run());
    confirm.addClickListener(
        click -> {
          try {
            lifecycle.extend(e.id(), chosen(by.getValue(), other.getValue()), false, e.expiresAt());
            dialog.close();
            render();
          } catch (InvalidRequestException problems) {
            result.setText(
                "Cannot extend: "
                    + problems.problems().stream()
                        .map(FieldProblem::message)
                        .collect(Collectors.joining("; ")));
            result.addClassName("error-text");
          } catch (RuntimeException refused) {
            result.setText(String.valueOf(refused.getMessage()));
            result.addClassName("error-text");
          }
        });
    preview.run();
    VerticalLayout body = new VerticalLayout(now, by, other, result);
    body.setPadding(false);
    dialog.add(body);
    dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), confirm);
    dialog.open();
  }

  private static ExpiryChange chosen(String preset, String other) {
    return ExpiryChange.parse(preset == null || preset.isEmpty() ? other : preset, null, null);
  }

  private void confirmDelete(Environment e) {
    ConfirmDialog dialog = new ConfirmDialog();
    dialog.setHeader("Delete " + e.name() + "?");
    dialog.setText(
        "Every object labelled with this environment and namespace "
            + e.namespace()
            + " will be deleted. This cannot be undone.");
    dialog.setCancelable(true);
    dialog.setConfirmText("Delete");
    dialog.setConfirmButtonTheme("error primary");
    dialog.addConfirmListener(
        c -> {
          try {
            lifecycle.delete(e.id());
            render();
          } catch (RuntimeException refused) {
            // A conflict (already deleting), a refusal or a vanished environment: say so.
            Notification.show(
                    String.valueOf(refused.getMessage()), 5000, Notification.Position.MIDDLE)
                .addThemeVariants(NotificationVariant.LUMO_ERROR);
            render();
          }
        });
    dialog.open();
  }

  private static void fact(DescriptionList list, String term, String value) {
    list.add(new DescriptionList.Term(term), new DescriptionList.Description(value));
  }

  private static String labels(Map<String, String> labels) {
    return labels.entrySet().stream()
        .map(l -> l.getKey() + "=" + l.getValue())
        .collect(Collectors.joining(", "));
  }

  @Override
  protected void onAttach(AttachEvent event) {
    event.getUI().setPollInterval(1000);
    polling =
        event
            .getUI()
            .addPollListener(
                e -> {
                  if (id != null && (shown == null || shown.inProgress())) {
                    render();
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
