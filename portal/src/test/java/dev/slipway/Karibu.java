package dev.slipway;

import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.UI;
import java.util.Arrays;
import java.util.List;
import kotlin.jvm.functions.Function0;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/** Browserless Vaadin for tests: the portal's views in a faked servlet, as a signed-in user. */
public final class Karibu {

  private static final Routes ROUTES = routes();

  /**
   * Every {@code @Route} of the portal. Karibu's own discovery finds public classes only, and the
   * portal's views are package-private (only Vaadin and Spring instantiate them).
   */
  @SuppressWarnings("unchecked")
  private static Routes routes() {
    Routes routes = new Routes().autoDiscoverViews("dev.slipway");
    var scanner =
        new org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider(
            false);
    scanner.addIncludeFilter(
        new org.springframework.core.type.filter.AnnotationTypeFilter(
            com.vaadin.flow.router.Route.class));
    for (var found : scanner.findCandidateComponents("dev.slipway")) {
      try {
        routes
            .getRoutes()
            .add(
                (Class<? extends com.vaadin.flow.component.Component>)
                    Class.forName(found.getBeanClassName()));
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    return routes;
  }

  private Karibu() {}

  /** Signs in (Spring Security and the fake request agree on who it is) and sets up a UI. */
  public static void signIn(ApplicationContext context, String user, String... roles) {
    UsernamePasswordAuthenticationToken authentication =
        UsernamePasswordAuthenticationToken.authenticated(
            user,
            null,
            Arrays.stream(roles).map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList());
    // Both the JVM-wide holder (Vaadin's) and the application's own strategy, which the portal
    // reads: with several application contexts in one JVM they are not the same.
    SecurityContextHolder.getContext().setAuthentication(authentication);
    application = strategy(context);
    application.getContext().setAuthentication(authentication);
    List<String> granted = List.of(roles);
    MockVaadin.setMockRequestFactory(
        session -> {
          FakeRequest request = new FakeRequest(session);
          request.setUserPrincipalInt(authentication);
          request.setUserInRole((principal, role) -> granted.contains(role));
          return request;
        });
    Function0<UI> uiFactory = UI::new;
    MockVaadin.setup(uiFactory, new MockSpringServlet(ROUTES, context, uiFactory));
  }

  public static void signOut() {
    MockVaadin.tearDown();
    SecurityContextHolder.clearContext();
    if (application != null) {
      application.clearContext();
    }
  }

  private static SecurityContextHolderStrategy application;

  private static SecurityContextHolderStrategy strategy(ApplicationContext context) {
    return context
        .getBeanProvider(SecurityContextHolderStrategy.class)
        .getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
  }
}
