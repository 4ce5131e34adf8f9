package dev.slipway.provisioning.ui;

import static com.github.mvysny.kaributesting.v10.ButtonKt._click;
import static com.github.mvysny.kaributesting.v10.HasValueUtilsKt._setValue;
import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.slipway.Karibu;
import dev.slipway.PortalTest;
import dev.slipway.catalog.TemplateCatalog;
import dev.slipway.catalog.TemplatePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The request form, browserless: generated fields, server errors beside their field, submit. */
@PortalTest
class RequestEnvironmentViewIT {

  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void signInAsDeveloperAndOpenTheForm() {
    Karibu.signIn(context, "developer", "DEVELOPER");
    UI.getCurrent().navigate("environments/new/postgresql");
  }

  @AfterEach
  void tearDown() {
    Karibu.signOut();
  }

  @Autowired TemplateCatalog catalog;

  @Test
  void showsTheTemplatePolicyAndStartsFromItsDefaultTtl() {
    var developer = SecurityContextHolder.getContext().getAuthentication();
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                "sre", null, List.of(new SimpleGrantedAuthority("ROLE_SRE"))));
    catalog.updatePolicy(
        "redis",
        new TemplatePolicy(
            Duration.ofDays(1),
            Duration.ofDays(2),
            List.of(),
            List.of("team-cache"),
            true,
            Map.of("pods", "4"),
            Map.of(),
            Map.of()));
    SecurityContextHolder.getContext().setAuthentication(developer);
    try {
      UI.getCurrent().navigate("environments/new/redis");

      assertThat(_get(TextField.class, spec -> spec.withId("environment-ttl")).getValue())
          .isEqualTo("P1D");
      assertThat(_get(Paragraph.class, spec -> spec.withId("template-policy")).getText())
          .isEqualTo(
              "Template policy: Lives at most 2 days; each request waits for an SRE's approval;"
                  + " for group team-cache; namespace quota pods=4.");
    } finally {
      SecurityContextHolder.getContext()
          .setAuthentication(
              UsernamePasswordAuthenticationToken.authenticated(
                  "sre", null, List.of(new SimpleGrantedAuthority("ROLE_SRE"))));
      catalog.updatePolicy("redis", TemplatePolicy.open());
      SecurityContextHolder.getContext().setAuthentication(developer);
    }
  }

  @Test
  void previewShowsTheObjectsWithSecretsMaskedAndCreatesNothing() {
    long before = jdbc.sql("select count(*) from environment").query(Long.class).single();
    _setValue(
        _get(TextField.class, spec -> spec.withId("param-POSTGRESQL_DATABASE")), "orders", true);

    _click(_get(Button.class, spec -> spec.withId("preview-environment")));

    Dialog dialog = _get(Dialog.class, spec -> spec.withId("preview-dialog"));
    String yaml = _get(dialog, Pre.class).getText();
    assertThat(dialog.getHeaderTitle()).startsWith("Preview: 3 objects from postgresql");
    assertThat(yaml)
        .contains("kind: \"Secret\"")
        .contains("database-password: \"••••••\"")
        .contains("database-name: \"••••••\"")
        .doesNotContain("orders");
    assertThat(yaml).doesNotContainPattern("database-password: \"[a-zA-Z0-9]{16}\"");
    assertThat(jdbc.sql("select count(*) from environment").query(Long.class).single())
        .isEqualTo(before);
  }

  @Test
  void asksForEveryParameterTheTemplateDoesNotGenerateWithItsDefault() {
    _get(RequestEnvironmentView.class);
    TextField database = _get(TextField.class, spec -> spec.withId("param-POSTGRESQL_DATABASE"));
    assertThat(database.getLabel()).isEqualTo("Database name");
    assertThat(database.getValue()).isEqualTo("sampledb");
    assertThat(database.getHelperText()).isEqualTo("Name of the database created at start.");
    assertThat(database.isRequiredIndicatorVisible()).isTrue();
    assertThat(_get(TextField.class, spec -> spec.withId("param-MEMORY_LIMIT")).getValue())
        .isEqualTo("512Mi");

    _assertNone(TextField.class, spec -> spec.withId("param-POSTGRESQL_PASSWORD"));
    _assertNone(PasswordField.class, spec -> spec.withId("param-POSTGRESQL_PASSWORD"));
    _assertNone(TextField.class, spec -> spec.withId("param-POSTGRESQL_USER"));
    assertThat(_get(TextField.class, spec -> spec.withId("environment-ttl")).getValue())
        .isEqualTo("P3D");
  }

  @Test
  void showsEachProblemNextToItsFieldAndStoresNothing() {
    long before = jdbc.sql("select count(*) from environment").query(Long.class).single();
    TextField name = _get(TextField.class, spec -> spec.withId("environment-name"));
    TextField ttl = _get(TextField.class, spec -> spec.withId("environment-ttl"));
    TextField database = _get(TextField.class, spec -> spec.withId("param-POSTGRESQL_DATABASE"));
    _setValue(name, "Not_A_Label", true);
    _setValue(ttl, "two weeks", true);
    _setValue(database, "", true);

    _click(_get(Button.class, spec -> spec.withId("create-environment")));

    assertThat(name.isInvalid()).isTrue();
    assertThat(name.getErrorMessage()).contains("is not a DNS-1123 label");
    assertThat(ttl.isInvalid()).isTrue();
    assertThat(ttl.getErrorMessage()).contains("is not an ISO-8601 duration");
    assertThat(database.isInvalid()).isTrue();
    assertThat(database.getErrorMessage())
        .isEqualTo("parameter POSTGRESQL_DATABASE is required and must be specified");
    assertThat(jdbc.sql("select count(*) from environment").query(Long.class).single())
        .isEqualTo(before);

    _setValue(name, "fixed-name", true);
    assertThat(name.isInvalid()).as("editing a field clears its error").isFalse();
  }

  @Test
  void submittingStoresTheRequestAndOpensTheEnvironment() {
    _setValue(
        _get(TextField.class, spec -> spec.withId("environment-name")), "from-the-form", true);
    _setValue(
        _get(TextField.class, spec -> spec.withId("param-POSTGRESQL_DATABASE")), "orders", true);

    _click(_get(Button.class, spec -> spec.withId("create-environment")));

    _get(EnvironmentView.class);
    assertThat(
            jdbc.sql(
                    "select template_name || ' ' || owner || ' ' || (parameters->>'POSTGRESQL_DATABASE')"
                        + " from environment where name = 'from-the-form'")
                .query(String.class)
                .single())
        .isEqualTo("postgresql developer orders");
  }

  @Test
  void aDuplicateNameIsShownOnTheNameField() {
    jdbc.sql(
            """
            insert into environment (id, name, namespace, template_name, template_version, status,
              owner, owner_name, parameters, requested_at, updated_at, expires_at)
            values (gen_random_uuid(), 'taken', 'env-taken', 'postgresql', '1', 'READY',
              'someone', 'someone', '{}'::jsonb, now(), now(), now() + interval '1 day')""")
        .update();
    TextField name = _get(TextField.class, spec -> spec.withId("environment-name"));
    _setValue(name, "taken", true);

    _click(_get(Button.class, spec -> spec.withId("create-environment")));

    assertThat(name.isInvalid()).isTrue();
    assertThat(name.getErrorMessage()).contains("already exists");
  }
}
