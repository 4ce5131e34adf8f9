package dev.slipway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.Route;
import dev.slipway.Api;
import dev.slipway.Karibu;
import dev.slipway.PortalTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Every view × every role (and anonymous): shown, refused, or (someone else's environment or
 * service) not found. The matrix must name every route the portal has: a new view without a row
 * fails the test. Roles go through Vaadin's navigation access control (Karibu); anonymous visitors
 * through HTTP, where the security filter sends them to sign in.
 */
@PortalTest
class ViewAuthorizationMatrixIT {

  @Autowired ApplicationContext context;
  @LocalServerPort int port;

  enum Expect {
    SHOW,
    DENY,
    HIDDEN
  }

  static final Expect S = Expect.SHOW;
  static final Expect D = Expect.DENY;
  static final Expect H = Expect.HIDDEN;

  /** One view: its route template, a concrete path, and developer, SRE, auditor. */
  record Row(String route, String path, Expect dev, Expect sre, Expect aud) {}

  @AfterEach
  void tearDown() {
    Karibu.signOut();
  }

  @Test
  void everyRoleOpensExactlyTheViewsItShould() throws Exception {
    String others = Api.basic(port, "sre", "sre").ready("redis", "views-others");
    List<Row> rows =
        List.of(
            new Row("", "", S, S, S),
            new Row("templates", "templates", D, S, D),
            new Row("templates/:name", "templates/redis", D, S, D),
            new Row("environments", "environments", S, S, S),
            new Row("environments/new/:template", "environments/new/redis", S, S, D),
            new Row("environments/:id", "environments/" + others, H, S, S),
            new Row("services/:id", "services/" + others, H, S, S),
            new Row("budgets", "budgets", D, S, S),
            new Row("audit", "audit", D, S, S));

    Set<String> routes = routes();
    Set<String> covered = new TreeSet<>();
    rows.forEach(r -> covered.add(r.route()));
    covered.add("login");
    assertThat(covered).as("the matrix names every view").isEqualTo(routes);

    List<String> wrong = new ArrayList<>();
    for (Row row : rows) {
      check(wrong, row, "developer", "DEVELOPER", row.dev());
      check(wrong, row, "sre", "SRE", row.sre());
      check(wrong, row, "auditor", "AUDITOR", row.aud());
      int anonymous = anonymous("/" + row.path());
      if (anonymous != 302) {
        wrong.add("anonymous GET /" + row.path() + " answered " + anonymous + ", not 302");
      }
    }
    assertThat(anonymous("/login")).isEqualTo(200);
    assertThat(wrong).isEmpty();
  }

  private void check(List<String> wrong, Row row, String user, String role, Expect expect) {
    Karibu.signIn(context, user, role);
    Expect actual;
    try {
      if (row.path().isEmpty()) {
        // The UI starts at "" without navigating; leave first so that going back is navigation.
        UI.getCurrent().navigate("environments");
      }
      UI.getCurrent().navigate(row.path());
      // The innermost target of the chain (views sit in the main layout).
      Component view =
          (Component) UI.getCurrent().getInternals().getActiveRouterTargetsChain().getFirst();
      actual =
          view.getClass().getSimpleName().contains("NotFound")
                  || view.getClass().getSimpleName().contains("RouteNotFound")
              ? Expect.HIDDEN
              : Expect.SHOW;
    } catch (MockAccessDeniedException denied) {
      actual = Expect.DENY;
    } catch (Throwable e) {
      if (!notFound(e)) {
        wrong.add(user + " /" + row.path() + " failed: " + e);
        Karibu.signOut();
        return;
      }
      actual = Expect.HIDDEN;
    }
    Karibu.signOut();
    if (actual != expect) {
      wrong.add(user + " /" + row.path() + " was " + actual + ", expected " + expect);
    }
  }

  private static boolean notFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.vaadin.flow.router.NotFoundException) {
        return true;
      }
    }
    return false;
  }

  private int anonymous(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** Every route template of the portal's views. */
  private static Set<String> routes() {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(Route.class));
    Set<String> out = new TreeSet<>();
    for (var candidate : scanner.findCandidateComponents("dev.slipway")) {
      try {
        out.add(Class.forName(candidate.getBeanClassName()).getAnnotation(Route.class).value());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }
}
