package dev.slipway.audit.ui;

import static com.github.mvysny.kaributesting.v10.ButtonKt._click;
import static com.github.mvysny.kaributesting.v10.HasValueUtilsKt._setValue;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.QueryParameters;
import dev.slipway.Api;
import dev.slipway.Karibu;
import dev.slipway.PortalTest;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditLedger;
import dev.slipway.audit.BrokenRow;
import dev.slipway.audit.Checkpoint;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** The auditors' workspace, browserless: filters, keyset pages, detail, verification. */
@PortalTest
class AuditViewIT {

  @Autowired ApplicationContext context;
  @LocalServerPort int port;

  @AfterEach
  void tearDown() {
    Karibu.signOut();
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAuditorNarrowsTheLedgerToAnEnvironmentAndReadsAnEvent() {
    Api developer = Api.basic(port, "developer", "developer");
    String id = developer.ready("redis", "audit-view-one");
    Karibu.signIn(context, "auditor", "AUDITOR");

    UI.getCurrent().navigate("audit", QueryParameters.of("environment", id));

    Grid<AuditEntry> grid = _get(Grid.class, spec -> spec.withId("audit-events"));
    assertThat(GridKt._size(grid)).isGreaterThanOrEqualTo(3);
    for (int row = 0; row < GridKt._size(grid); row++) {
      assertThat(GridKt._get(grid, row).environment()).hasToString(id);
    }
    _setValue(
        (ComboBox<String>)
            _get(ComboBox.class, spec -> spec.withId("audit-type").withLabel("Event type")),
        "EnvironmentRequested",
        true);
    _click(_get(Button.class, spec -> spec.withId("audit-apply")));
    assertThat(GridKt._size(grid)).isEqualTo(1);
    AuditEntry requested = GridKt._get(grid, 0);
    assertThat(requested.actorSubject()).isEqualTo("developer");
    assertThat(requested.team()).isEqualTo("team-payments");

    GridKt._clickItem(grid, 0);
    assertThat(_get(Span.class, spec -> spec.withText("developer (developer)"))).isNotNull();

    _click(_get(Button.class, spec -> spec.withId("audit-verify")));
    assertThat(_get(Span.class, spec -> spec.withId("audit-verification")).getText())
        .startsWith("Intact:");
    assertThat(_get(Span.class, spec -> spec.withId("audit-checkpoint")).getText())
        .matches(
            "(Held against checkpoint \\d+: .* rows up to row \\d+, signed .* UTC\\.|No signed"
                + " checkpoint yet: .*)");
    assertThat(_get(AuditView.class).broken.isVisible()).as("no broken rows to list").isFalse();
  }

  @Test
  void anIntactChainWhoseCheckpointsStoppedSaysItIsNotAnchored() {
    Karibu.signIn(context, "auditor", "AUDITOR");
    UI.getCurrent().navigate("audit");
    AuditView view = _get(AuditView.class);
    Checkpoint checkpoint =
        new Checkpoint(12, Instant.parse("2026-11-20T10:00:00Z"), 1234, 5678, "ab".repeat(32), "x");
    String anchoring =
        "not anchored: 40 rows after checkpoint 12 (signed 2026-11-20T10:00:00Z), the oldest"
            + " written 2026-11-20T10:01:00Z, more than 2 checkpoint intervals (PT10M) ago:"
            + " checkpoints stopped or were removed, and these rows are held by their hashes alone";

    view.show(
        new AuditLedger.Verification(
            true,
            1274,
            null,
            "every row's hash matches its content and its predecessor",
            40,
            List.of(),
            0,
            checkpoint,
            List.of(),
            0,
            false,
            40,
            Instant.parse("2026-11-20T10:01:00Z"),
            anchoring,
            0));

    Span verdict = _get(Span.class, spec -> spec.withId("audit-verification"));
    assertThat(verdict.getText()).startsWith("Intact, but not anchored: 1,274 rows checked");
    assertThat(verdict.getClassNames()).contains("warning").doesNotContain("ready");
    Span shown = _get(Span.class, spec -> spec.withId("audit-anchoring"));
    assertThat(shown.isVisible()).isTrue();
    assertThat(shown.getText()).startsWith("Not anchored: 40 rows after checkpoint 12");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aBrokenChainShowsEveryBrokenRowAndTheCheckpointItWasHeldTo() {
    Karibu.signIn(context, "auditor", "AUDITOR");
    UI.getCurrent().navigate("audit");
    AuditView view = _get(AuditView.class);
    Checkpoint checkpoint =
        new Checkpoint(12, Instant.parse("2026-11-20T10:00:00Z"), 1234, 5678, "ab".repeat(32), "x");

    view.show(
        new AuditLedger.Verification(
            false,
            1300,
            17L,
            "row 17 was changed after it was written (and 1 more rows)",
            40,
            List.of(
                new BrokenRow(17, "was changed after it was written"),
                new BrokenRow(5678, "does not have the hash checkpoint 12 signed")),
            2,
            checkpoint,
            List.of(13L),
            1,
            true,
            3,
            Instant.parse("2026-11-20T10:04:00Z"),
            "3 rows newer than checkpoint 12 wait for the next one (every PT5M)",
            0));

    assertThat(_get(Span.class, spec -> spec.withId("audit-verification")).getText())
        .isEqualTo("Broken: row 17 was changed after it was written (and 1 more rows)");
    assertThat(_get(Span.class, spec -> spec.withId("audit-checkpoint")).getText())
        .isEqualTo(
            "Held against checkpoint 12: 1,234 rows up to row 5678, signed 2026-11-20 10:00:00"
                + " UTC. Not signed with the portal's key (forged): checkpoint 13.");
    Grid<BrokenRow> broken = _get(Grid.class, spec -> spec.withId("audit-broken"));
    assertThat(broken.isVisible()).isTrue();
    assertThat(GridKt._size(broken)).isEqualTo(2);
    assertThat(GridKt._get(broken, 1).id()).isEqualTo(5678);
  }

  @Test
  @SuppressWarnings("unchecked")
  void pagesFollowTheKeysetAndADetailShowsBeforeAndAfter() {
    Api sre = Api.basic(port, "sre", "sre");
    try {
      for (int i = 1; i <= AuditView.PAGE + 5; i++) {
        // Alternating, so each one is a change: P10D, P11D, …, ending on P11D.
        Api.Response changed =
            sre.put("/api/v1/templates/redis/policy", "{\"maxTtl\": \"P" + (10 + i % 2) + "D\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
      }
      Karibu.signIn(context, "sre", "SRE");
      UI.getCurrent()
          .navigate(
              "audit",
              QueryParameters.simple(
                  java.util.Map.of("type", "TemplatePolicyChanged", "template", "redis")));
      Grid<AuditEntry> grid = _get(Grid.class, spec -> spec.withId("audit-events"));
      assertThat(GridKt._size(grid)).isEqualTo(AuditView.PAGE);
      long newest = GridKt._get(grid, 0).id();

      _click(_get(Button.class, spec -> spec.withId("audit-older")));

      assertThat(GridKt._size(grid)).isGreaterThanOrEqualTo(AuditView.PAGE + 5);
      for (int row = 1; row < GridKt._size(grid); row++) {
        assertThat(GridKt._get(grid, row).id()).isLessThan(GridKt._get(grid, row - 1).id());
      }
      AuditEntry latest = GridKt._get(grid, 0);
      assertThat(latest.id()).isEqualTo(newest);
      assertThat(latest.after()).contains("PT264H");
      assertThat(latest.before()).contains("PT240H");

      GridKt._clickItem(grid, 0);
      Div change = _get(Div.class, spec -> spec.withId("audit-change"));
      assertThat(change.getElement().getTextRecursively())
          .contains("Before")
          .contains("After")
          .contains("PT264H");
    } finally {
      sre.put("/api/v1/templates/redis/policy", "{}");
    }
  }

  @Test
  void developersCannotOpenTheLedger() {
    Karibu.signIn(context, "developer", "DEVELOPER");
    assertThatThrownBy(() -> UI.getCurrent().navigate("audit"))
        .isInstanceOf(MockAccessDeniedException.class);
  }
}
