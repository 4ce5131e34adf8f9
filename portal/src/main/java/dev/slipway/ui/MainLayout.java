package dev.slipway.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.slipway.cluster.ClusterGateway;
import dev.slipway.cluster.ClusterMode;
import dev.slipway.security.CurrentUsers;
import java.util.stream.Collectors;

/** The frame around every view: brand, navigation from {@code @Menu}, cluster and user. */
@Layout
@AnonymousAllowed
public class MainLayout extends AppLayout {

  MainLayout(ClusterGateway cluster, CurrentUsers users, AuthenticationContext authentication) {
    setPrimarySection(Section.DRAWER);
    addClassName("main-layout");

    Span brand = new Span("Slipway");
    brand.addClassName("brand");
    Span subtitle = new Span("self-service for OpenShift");
    subtitle.addClassName("brand-subtitle");
    Div brandBox = new Div(brand, subtitle);
    brandBox.addClassName("brand-box");

    SideNav nav = new SideNav();
    MenuConfiguration.getMenuEntries()
        .forEach(
            entry -> {
              SideNavItem item = new SideNavItem(entry.title(), entry.path());
              if (entry.icon() != null) {
                item.setPrefixComponent(new Icon(entry.icon()));
              }
              nav.addItem(item);
            });
    addToDrawer(brandBox, nav);

    HorizontalLayout header = new HorizontalLayout(new DrawerToggle());
    header.addClassName("header");
    header.setWidthFull();
    header.setAlignItems(FlexComponent.Alignment.CENTER);
    header.add(clusterBadge(cluster));
    header.addAndExpand(new Div());

    users
        .current()
        .ifPresent(
            user -> {
              Span who = new Span(new Icon(VaadinIcon.USER), new Span(user.name()));
              who.addClassName("user");
              Span roles =
                  new Span(
                      user.roles().stream()
                          .map(r -> r.name())
                          .sorted()
                          .collect(Collectors.joining(" · ")));
              roles.addClassName("roles");
              roles.getElement().setAttribute("title", "Your roles in Slipway");
              Button signOut = new Button("Sign out", e -> authentication.logout());
              signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
              header.add(who, roles, signOut);
            });
    addToNavbar(header);
  }

  /** Says where environments go; in the sandbox, plainly that nothing runs there. */
  private static Span clusterBadge(ClusterGateway cluster) {
    boolean sandbox = cluster.mode() == ClusterMode.SANDBOX;
    Span badge =
        new Span(
            new Icon(sandbox ? VaadinIcon.CUBES : VaadinIcon.CLOUD),
            new Span(sandbox ? "Sandbox: objects are stored, nothing runs" : cluster.describe()));
    badge.addClassName("cluster-badge");
    badge.addClassName(sandbox ? "sandbox" : "real");
    badge
        .getElement()
        .setAttribute(
            "title",
            sandbox
                ? "No cluster is configured, so environments go to an in-process Kubernetes API server"
                    + " that stores objects and runs nothing."
                : "Environments are created on this cluster.");
    return badge;
  }
}
