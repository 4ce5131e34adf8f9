package dev.slipway.security.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The dev profile's sign-in page, listing the dev users. Outside the dev profile people sign in at
 * the OIDC provider and this route answers "not found".
 */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Slipway")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

  private final boolean dev;
  private final LoginForm form = new LoginForm();

  LoginView(Environment environment) {
    this.dev = environment.acceptsProfiles(Profiles.of("dev"));
    addClassName("login-view");
    setSizeFull();
    setAlignItems(Alignment.CENTER);
    setJustifyContentMode(JustifyContentMode.CENTER);

    H1 brand = new H1("Slipway");
    brand.addClassName("brand");
    Paragraph tagline =
        new Paragraph("Self-service environments on OpenShift, with SLOs and monitoring built in.");
    tagline.addClassName("tagline");

    form.setAction("login");
    form.setForgotPasswordButtonVisible(false);

    Div devUsers = new Div();
    devUsers.addClassName("dev-users");
    devUsers.add(new Span("Dev profile: sign in as "));
    devUsers.add(
        code("developer"),
        new Span(", "),
        code("teammate"),
        new Span(" (both in team-payments), "),
        code("sre"),
        new Span(" or "),
        code("auditor"));
    devUsers.add(new Span(", password = user name."));

    add(brand, tagline, form, devUsers);
  }

  private static Span code(String text) {
    Span span = new Span(text);
    span.addClassName("code");
    return span;
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    if (!dev) {
      event.rerouteToError(NotFoundException.class);
      return;
    }
    form.setError(event.getLocation().getQueryParameters().getParameters().containsKey("error"));
  }
}
