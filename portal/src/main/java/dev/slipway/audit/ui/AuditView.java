package dev.slipway.audit.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadEvent;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditFilter;
import dev.slipway.audit.AuditLedger;
import dev.slipway.audit.BrokenRow;
import dev.slipway.audit.Checkpoint;
import dev.slipway.audit.Export;
import dev.slipway.shared.InvalidRequestException;
import dev.slipway.ui.MainLayout;
import jakarta.annotation.security.RolesAllowed;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The auditors' workspace: the ledger filtered by actor, team, template, environment, event type,
 * outcome and time; newest first, a page at a time (keyset); each event's detail with its state
 * before and after; the filtered range exported as CSV or JSON; and verification of the chain.
 */
@Route(value = "audit", layout = MainLayout.class)
@PageTitle("Audit ledger · Slipway")
@Menu(order = 4, title = "Audit ledger", icon = "vaadin:book")
@RolesAllowed({"AUDITOR", "SRE"})
class AuditView extends VerticalLayout implements BeforeEnterObserver {

  static final int PAGE = 50;
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final AuditLedger ledger;
  final TextField actor = new TextField("Actor");
  final TextField team = new TextField("Team");
  final TextField template = new TextField("Template");
  final TextField environment = new TextField("Environment id");
  final ComboBox<String> type = new ComboBox<>("Event type");
  final Select<String> outcome = new Select<>();
  final DateTimePicker from = new DateTimePicker("From (UTC)");
  final DateTimePicker to = new DateTimePicker("To (UTC)");
  final Grid<AuditEntry> grid = new Grid<>();
  final Button older = new Button("Load older events");
  final Span verification = new Span();
  final Span anchoring = new Span();
  final Span anchor = new Span();
  final Grid<BrokenRow> broken = new Grid<>();
  final Span shown = new Span();
  final Paragraph problem = new Paragraph();
  private final List<AuditEntry> rows = new ArrayList<>();
  private volatile AuditFilter filter = AuditFilter.NONE;
  private @Nullable Long next;

  AuditView(AuditLedger ledger) {
    this.ledger = ledger;
    addClassName("view");
    add(new H2("Audit ledger"));
    Paragraph intro =
        new Paragraph(
            "Every provisioning action, template and policy change, SLO edit, freeze, sign-in and"
                + " refused access, with who, when, from where and why. Rows cannot be changed or"
                + " removed: each carries the SHA-256 of the row before it, and every few minutes"
                + " the chain's head is signed with a key the database does not hold. Verifying"
                + " lists every row tampered with, and a chain rewritten with its hashes recomputed"
                + " no longer matches the last signed checkpoint.");
    intro.addClassName("page-intro");
    add(intro, verifyBar(), filters(), exports());
    problem.setId("audit-problem");
    problem.addClassName("expiry-notice");
    problem.setVisible(false);
    add(problem);

    grid.setId("audit-events");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
    grid.addColumn(e -> WHEN.format(e.at()))
        .setHeader("When (UTC)")
        .setWidth("13em")
        .setFlexGrow(0)
        .setKey("when");
    grid.addColumn(AuditEntry::actorName).setHeader("Actor").setFlexGrow(2).setKey("actor");
    grid.addColumn(AuditEntry::type).setHeader("Event").setFlexGrow(2).setKey("type");
    grid.addColumn(e -> e.template() == null ? "" : e.template())
        .setHeader("Template")
        .setFlexGrow(1);
    grid.addColumn(e -> e.team() == null ? "" : e.team()).setHeader("Team").setFlexGrow(1);
    grid.addComponentColumn(AuditView::outcomePill)
        .setHeader("Outcome")
        .setWidth("7.5em")
        .setFlexGrow(0);
    grid.addColumn(e -> e.reason() == null ? "" : e.reason())
        .setHeader("Reason")
        .setFlexGrow(3)
        .setTooltipGenerator(e -> e.reason() == null ? "" : e.reason())
        .setKey("reason");
    grid.addItemClickListener(e -> detail(e.getItem()).open());
    grid.setAllRowsVisible(true);
    add(grid);

    older.setId("audit-older");
    older.addClickListener(e -> loadPage());
    shown.setId("audit-shown");
    shown.addClassName("field-help");
    HorizontalLayout footer = new HorizontalLayout(older, shown);
    footer.setAlignItems(FlexComponent.Alignment.CENTER);
    add(footer);
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    // Links from other pages narrow the ledger: audit?environment=<id>, ?actor=…, ?type=…
    QueryParameters query = event.getLocation().getQueryParameters();
    query.getSingleParameter("environment").ifPresent(environment::setValue);
    query.getSingleParameter("actor").ifPresent(actor::setValue);
    query.getSingleParameter("team").ifPresent(team::setValue);
    query.getSingleParameter("template").ifPresent(template::setValue);
    query.getSingleParameter("type").ifPresent(type::setValue);
    apply();
  }

  private Div verifyBar() {
    Button verify = new Button("Verify chain", e -> verify());
    verify.setId("audit-verify");
    verify.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    verification.setId("audit-verification");
    HorizontalLayout bar = new HorizontalLayout(verify, verification);
    bar.setAlignItems(FlexComponent.Alignment.CENTER);
    anchoring.setId("audit-anchoring");
    anchoring.addClassNames("status", "warning");
    anchoring.setVisible(false);
    anchor.setId("audit-checkpoint");
    anchor.addClassName("field-help");
    anchor.setVisible(false);
    broken.setId("audit-broken");
    broken.addThemeVariants(GridVariant.LUMO_COMPACT);
    broken.addColumn(BrokenRow::id).setHeader("Row").setWidth("8em").setFlexGrow(0).setKey("row");
    broken
        .addColumn(BrokenRow::reason)
        .setHeader("What does not hold")
        .setFlexGrow(1)
        .setTooltipGenerator(BrokenRow::reason)
        .setKey("reason");
    broken.setAllRowsVisible(true);
    broken.setVisible(false);
    return new Div(bar, anchoring, anchor, broken);
  }

  void verify() {
    show(ledger.verify());
  }

  /**
   * A verification's answer: the verdict, whether signed checkpoints still cover the rows, the
   * checkpoint it held the rows to, every broken row. An intact chain that is not anchored is not
   * shown as plainly intact: its newest rows could have been rewritten with their hashes.
   */
  void show(AuditLedger.Verification result) {
    verification.removeClassNames("ready", "failed", "warning");
    verification.addClassNames(
        "status", !result.intact() ? "failed" : result.anchored() ? "ready" : "warning");
    verification.setText(
        !result.intact()
            ? "Broken: " + result.detail()
            : (result.anchored() ? "Intact: " : "Intact, but not anchored: ")
                + "%,d rows checked in %,d ms".formatted(result.rows(), result.millis()));
    anchoring.setText(
        result.anchoring().isEmpty()
            ? ""
            : Character.toUpperCase(result.anchoring().charAt(0))
                + result.anchoring().substring(1)
                + ".");
    anchoring.setVisible(!result.anchored());
    Checkpoint c = result.checkpoint();
    String forged =
        result.forgedCheckpointCount() == 0
            ? ""
            : " Not signed with the portal's key (forged): checkpoint%s %s%s."
                .formatted(
                    result.forgedCheckpointCount() > 1 ? "s" : "",
                    result.forgedCheckpoints().stream()
                        .limit(20)
                        .map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(", ")),
                    result.forgedCheckpointCount() > 20
                        ? " and %,d more".formatted(result.forgedCheckpointCount() - 20)
                        : "");
    anchor.setText(
        (c == null
                ? "No signed checkpoint yet: the rows were checked against each other only."
                : "Held against checkpoint %d: %,d rows up to row %d, signed %s UTC."
                    .formatted(c.id(), c.rows(), c.headId(), WHEN.format(c.at())))
            + forged);
    anchor.setVisible(true);
    broken.setItems(result.brokenRows());
    broken.setVisible(!result.brokenRows().isEmpty());
    if (result.brokenRowCount() > result.brokenRows().size()) {
      anchor.setText(
          anchor.getText()
              + " %,d broken rows; the first %,d are listed."
                  .formatted(result.brokenRowCount(), result.brokenRows().size()));
    }
  }

  private Div filters() {
    for (TextField field : List.of(actor, team, template, environment)) {
      field.setClearButtonVisible(true);
    }
    actor.setPlaceholder("subject or name");
    team.setPlaceholder("team-…");
    environment.setPlaceholder("id");
    type.setId("audit-type");
    type.setItems(ledger.types());
    type.setClearButtonVisible(true);
    type.setPlaceholder("any");
    outcome.setLabel("Outcome");
    List<String> outcomes = new ArrayList<>(List.of(""));
    outcomes.addAll(AuditFilter.OUTCOMES);
    outcome.setItems(outcomes);
    outcome.setItemLabelGenerator(o -> o.isEmpty() ? "Any" : o.toLowerCase(java.util.Locale.ROOT));
    outcome.setValue("");
    from.setStep(java.time.Duration.ofMinutes(1));
    to.setStep(java.time.Duration.ofMinutes(1));
    Button apply = new Button("Apply filters", e -> apply());
    apply.setId("audit-apply");
    apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
    Button clear =
        new Button(
            "Clear",
            e -> {
              List.of(actor, team, template, environment).forEach(TextField::clear);
              type.clear();
              outcome.setValue("");
              from.clear();
              to.clear();
              apply();
            });
    clear.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
    HorizontalLayout first = new HorizontalLayout(actor, team, template, environment, type);
    HorizontalLayout second = new HorizontalLayout(outcome, from, to, apply, clear);
    first.setWrap(true);
    second.setWrap(true);
    second.setAlignItems(FlexComponent.Alignment.BASELINE);
    Div box = new Div(first, second);
    box.setId("audit-filters");
    box.addClassName("audit-filters");
    return box;
  }

  private HorizontalLayout exports() {
    Anchor csv = new Anchor(event -> download(event, Export.Format.CSV), "Export CSV");
    Anchor json = new Anchor(event -> download(event, Export.Format.JSON), "Export JSON");
    csv.setId("audit-export-csv");
    json.setId("audit-export-json");
    Span help = new Span("the filtered range, oldest first, streamed");
    help.addClassName("field-help");
    HorizontalLayout bar = new HorizontalLayout(csv, json, help);
    bar.setAlignItems(FlexComponent.Alignment.BASELINE);
    return bar;
  }

  private void download(DownloadEvent event, Export.Format format) throws java.io.IOException {
    Export export = ledger.export(filter, format);
    event.setFileName("slipway-audit." + format.extension());
    event.setContentType(format.mediaType());
    try (OutputStream out = event.getOutputStream()) {
      export.writeTo(out);
    }
  }

  /** Reads the filters and shows the newest page that matches. */
  void apply() {
    try {
      filter = readFilter();
    } catch (InvalidRequestException e) {
      problem.setText(e.getMessage());
      problem.setVisible(true);
      return;
    }
    problem.setVisible(false);
    rows.clear();
    next = null;
    loadPage();
  }

  private void loadPage() {
    List<AuditEntry> page = ledger.page(filter, next, PAGE);
    rows.addAll(page);
    next = page.size() < PAGE ? null : page.getLast().id();
    grid.setItems(rows);
    older.setEnabled(next != null);
    shown.setText(
        rows.isEmpty()
            ? "No events match."
            : "%,d events shown%s".formatted(rows.size(), next == null ? ", no older ones" : ""));
  }

  AuditFilter readFilter() {
    return AuditFilter.of(
        actor.getValue(),
        team.getValue(),
        template.getValue(),
        environment.getValue(),
        type.getValue(),
        outcome.getValue(),
        null,
        utc(from.getValue()),
        utc(to.getValue()));
  }

  private static @Nullable Instant utc(@Nullable LocalDateTime value) {
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  private static Span outcomePill(AuditEntry e) {
    Span pill = new Span(e.outcome().toLowerCase(java.util.Locale.ROOT));
    pill.addClassNames(
        "status",
        switch (e.outcome()) {
          case "SUCCESS" -> "ready";
          case "REFUSED" -> "warning";
          default -> "failed";
        });
    return pill;
  }

  /**
   * One event in full: who, what, when, where, why, before and after, and its place in the chain.
   */
  static Dialog detail(AuditEntry e) {
    Dialog dialog = new Dialog();
    dialog.setId("audit-detail");
    dialog.setHeaderTitle(e.type() + " · row " + e.id());
    dialog.setWidth("min(900px, 95vw)");
    DescriptionList facts = new DescriptionList();
    facts.addClassName("facts");
    fact(facts, "When", WHEN.format(e.at()) + " UTC");
    fact(facts, "Actor", e.actorName() + " (" + e.actorSubject() + ")");
    fact(facts, "Outcome", e.outcome());
    fact(facts, "Reason", e.reason());
    fact(facts, "Target", e.target());
    fact(facts, "Environment", e.environment() == null ? null : e.environment().toString());
    fact(facts, "Template", e.template());
    fact(facts, "Team", e.team());
    fact(facts, "Client address", e.clientAddress());
    fact(facts, "User agent", e.userAgent());
    dialog.add(facts);
    if (e.before() != null || e.after() != null) {
      Div changes = new Div(block("Before", e.before()), block("After", e.after()));
      changes.addClassName("audit-change");
      changes.setId("audit-change");
      dialog.add(changes);
    }
    if (e.request() != null) {
      dialog.add(block("Request (secrets masked)", e.request()));
    }
    dialog.add(block("Event", e.details()));
    Div chain =
        e.chained()
            ? new Div(
                new Span("Row " + e.position() + " of the chain"),
                new Span("Hash " + e.hash()),
                new Span("follows " + e.previousHash()))
            : new Div(new Span("Not chained yet: it gets its place in the chain in a moment"));
    chain.addClassNames("audit-chain", "labels");
    dialog.add(chain);
    Button close = new Button("Close", c -> dialog.close());
    dialog.getFooter().add(close);
    return dialog;
  }

  private static Div block(String title, @Nullable String text) {
    Pre pre = new Pre(text == null ? "—" : pretty(text));
    pre.addClassName("preview-yaml");
    return new Div(new H4(title), pre);
  }

  /** JSON indented for reading; anything else as it is. */
  private static String pretty(String text) {
    String trimmed = text.strip();
    if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
      return text;
    }
    try {
      tools.jackson.databind.json.JsonMapper json =
          tools.jackson.databind.json.JsonMapper.builder().build();
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(trimmed));
    } catch (RuntimeException e) {
      return text;
    }
  }

  private static void fact(DescriptionList facts, String term, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return;
    }
    facts.add(new DescriptionList.Term(term), new DescriptionList.Description(new Span(value)));
  }
}
