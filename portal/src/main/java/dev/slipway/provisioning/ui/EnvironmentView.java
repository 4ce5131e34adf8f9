package dev.slipway.provisioning.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
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
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import dev.slipway.provisioning.Environment;
import dev.slipway.provisioning.EnvironmentLifecycle;
import dev.slipway.provisioning.EnvironmentStatus;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.CurrentUsers;
import dev.slipway.security.Role;
import dev.slipway.shared.InvalidRequestException;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.UUID;
import java.util.stream.Collectors;

/** One environment: status as it changes, its facts, parameters and objects; delete. */
@Route("environments/:id")
@PageTitle("Environment · Slipway")
@PermitAll
class EnvironmentView extends VerticalLayout implements BeforeEnterObserver {

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
    add(EnvironmentGrids.objects(e.objects()));

    add(new H4("History"));
    add(EnvironmentGrids.history(lifecycle.history(e)));

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

  private void extend(Environment e) {
    new ExtendDialog(lifecycle, clock, e, this::render).open();
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
