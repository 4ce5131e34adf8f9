package dev.slipway.catalog.ui;

import static com.github.mvysny.kaributesting.v10.ButtonKt._click;
import static com.github.mvysny.kaributesting.v10.HasValueUtilsKt._setValue;
import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.slipway.Karibu;
import dev.slipway.PortalTest;
import dev.slipway.catalog.TemplateCatalog;
import dev.slipway.catalog.TemplateStatus;
import dev.slipway.catalog.TemplateVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The SRE's curation views, browserless: import by paste, problems shown, publish, diff, policy.
 */
@PortalTest
class TemplatesViewIT {

  @Autowired ApplicationContext context;
  @Autowired TemplateCatalog catalog;

  @AfterEach
  void tearDown() {
    Karibu.signOut();
  }

  static String template(String name, String image) {
    return """
        apiVersion: template.openshift.io/v1
        kind: Template
        metadata:
          name: %s
          annotations: { openshift.io/display-name: "Web %s" }
        objects:
          - apiVersion: v1
            kind: ConfigMap
            metadata: { name: web }
            data: { image: %s }
        """
        .formatted(name, name, image);
  }

  @Test
  @SuppressWarnings("unchecked")
  void anSrePastesATemplateImportsAndPublishesIt() {
    Karibu.signIn(context, "sre", "SRE");
    UI.getCurrent().navigate("templates");
    _setValue(
        _get(TextArea.class, spec -> spec.withId("import-document")),
        template("web-ui", "web:1"),
        true);
    _setValue(_get(Checkbox.class, spec -> spec.withId("import-publish")), false, true);

    _click(_get(Button.class, spec -> spec.withId("import-button")));

    assertThat(catalog.versions("web-ui"))
        .singleElement()
        .satisfies(v -> assertThat(v.status()).isEqualTo(TemplateStatus.DRAFT));
    assertThat(_get(TextArea.class, spec -> spec.withId("import-document")).getValue()).isEmpty();

    Grid<TemplateVersion> versions = _get(Grid.class, spec -> spec.withId("template-versions"));
    int row = 0;
    while (!GridKt._get(versions, row).name().equals("web-ui")) {
      row++;
    }
    Component actions = GridKt._getCellComponent(versions, row, "actions");
    _click(_get(actions, Button.class, spec -> spec.withId("v-web-ui-1-published")));
    assertThat(catalog.find("web-ui")).isPresent();
  }

  @Test
  void aBrokenTemplateShowsWhereItIsBrokenAndImportsNothing() {
    Karibu.signIn(context, "sre", "SRE");
    UI.getCurrent().navigate("templates");
    _setValue(
        _get(TextArea.class, spec -> spec.withId("import-document")),
        template("web-broken", "web:1").replace("kind: ConfigMap", "kind: \"\""),
        true);

    _click(_get(Button.class, spec -> spec.withId("import-button")));

    assertThat(
            _get(Div.class, spec -> spec.withId("import-problems"))
                .getElement()
                .getTextRecursively())
        .contains("/objects/0/kind: the object has no kind");
    assertThat(catalog.templates()).noneMatch(t -> t.name().equals("web-broken"));
  }

  @Test
  void theTemplatePageShowsWhatChangedAndKeepsThePolicy() {
    Karibu.signIn(context, "sre", "SRE");
    catalog.importDocument(template("web-diff", "web:1"), true);
    catalog.importDocument(template("web-diff", "web:2"), false);
    UI.getCurrent().navigate("templates/web-diff");

    String diff = _get(Div.class, spec -> spec.withId("diff")).getElement().getTextRecursively();
    assertThat(diff).contains("- ").contains("web:1").contains("+ ").contains("web:2");

    _setValue(_get(TextField.class, spec -> spec.withId("policy-max-ttl")), "P90D", true);
    _click(_get(Button.class, spec -> spec.withId("policy-save")));
    TextField maxTtl = _get(TextField.class, spec -> spec.withId("policy-max-ttl"));
    assertThat(maxTtl.isInvalid()).isTrue();
    assertThat(maxTtl.getErrorMessage()).contains("longer than the portal's maximum");

    _setValue(maxTtl, "P7D", true);
    _setValue(_get(Checkbox.class, spec -> spec.withId("policy-approval")), true, true);
    _click(_get(Button.class, spec -> spec.withId("policy-save")));
    assertThat(catalog.policy("web-diff").maxTtl()).hasDays(7);
    assertThat(catalog.policy("web-diff").approvalRequired()).isTrue();
  }

  @Test
  void developersCannotReachTheCurationViews() {
    Karibu.signIn(context, "developer", "DEVELOPER");
    assertThatThrownBy(() -> UI.getCurrent().navigate("templates"))
        .isInstanceOf(MockAccessDeniedException.class);
    _assertNone(TemplatesView.class);
  }
}
