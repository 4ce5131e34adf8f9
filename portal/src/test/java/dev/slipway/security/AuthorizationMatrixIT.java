package dev.slipway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every API endpoint × every role (and anonymous): allowed, refused (403), hidden (404: someone
 * else's environment) or unauthenticated (401). The matrix must name every endpoint the portal
 * serves: a new one without a row fails the test. (Views are checked per role by the Karibu and
 * browser tests; a matrix over every view is still to come.)
 */
@PortalTest
class AuthorizationMatrixIT {

  @LocalServerPort int port;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  enum Expect {
    ALLOW,
    DENY,
    HIDDEN
  }

  static final Expect A = Expect.ALLOW;
  static final Expect D = Expect.DENY;
  static final Expect H = Expect.HIDDEN;

  /** One endpoint: developer (on their own environment), SRE, auditor. */
  record Row(
      String method,
      String pattern,
      String path,
      String body,
      Expect dev,
      Expect sre,
      Expect aud) {}

  @Test
  void everyRoleReachesExactlyWhatItShould() {
    Api developer = Api.basic(port, "developer", "developer");
    Api sre = Api.basic(port, "sre", "sre");
    String own = developer.ready("redis", "matrix-own");
    String others = sre.ready("redis", "matrix-others");
    String e = "/api/v1/environments/";
    String s = "/api/v1/services/";
    List<Row> rows =
        List.of(
            new Row("GET", "/api/v1/templates", "/api/v1/templates", "", A, A, A),
            new Row("POST", "/api/v1/templates", "/api/v1/templates", "x: [", D, A, D),
            new Row(
                "GET",
                "/api/v1/templates/{name}/versions",
                "/api/v1/templates/redis/versions",
                "",
                D,
                A,
                D),
            new Row(
                "PUT",
                "/api/v1/templates/{name}/versions/{version}/status",
                "/api/v1/templates/redis/versions/999/status",
                "{\"status\": \"RETIRED\"}",
                D,
                A,
                D),
            new Row(
                "GET",
                "/api/v1/templates/{name}/policy",
                "/api/v1/templates/redis/policy",
                "",
                A,
                A,
                A),
            new Row(
                "PUT",
                "/api/v1/templates/{name}/policy",
                "/api/v1/templates/redis/policy",
                "{\"maxTtl\": \"bogus\"}",
                D,
                A,
                D),
            new Row(
                "GET",
                "/api/v1/templates/{name}/diff",
                "/api/v1/templates/redis/diff?from=1&to=1",
                "",
                D,
                A,
                D),
            new Row(
                "POST",
                "/api/v1/templates/{name}/render",
                "/api/v1/templates/redis/render",
                "{\"parameters\": {}}",
                A,
                A,
                A),
            new Row("POST", "/api/v1/environments", "/api/v1/environments", "{}", A, A, D),
            new Row("GET", "/api/v1/environments", "/api/v1/environments", "", A, A, A),
            new Row("GET", "/api/v1/environments/{id}", e + own, "", A, A, A),
            new Row("GET", "/api/v1/environments/{id}/history", e + own + "/history", "", A, A, A),
            new Row(
                "POST",
                "/api/v1/environments/{id}/extend",
                e + own + "/extend",
                "{\"by\": \"PT1H\"}",
                A,
                A,
                D),
            new Row("POST", "/api/v1/environments/{id}/retry", e + own + "/retry", "", A, A, D),
            new Row("POST", "/api/v1/environments/{id}/approve", e + own + "/approve", "", D, A, D),
            new Row(
                "POST",
                "/api/v1/environments/{id}/reject",
                e + own + "/reject",
                "{\"reason\": \"\"}",
                D,
                A,
                D),
            new Row("GET", "/api/v1/services/{environment}/slos", s + own + "/slos", "", A, A, A),
            new Row(
                "PUT",
                "/api/v1/services/{environment}/slos/{name}",
                s + own + "/slos/availability",
                "{}",
                D,
                A,
                D),
            new Row("GET", "/api/v1/budgets", "/api/v1/budgets", "", D, A, A),
            new Row("POST", "/api/v1/slo/generate", "/api/v1/slo/generate", "x: [", A, A, A),
            new Row(
                "GET",
                "/api/v1/services/{environment}/release-gate",
                s + own + "/release-gate",
                "",
                A,
                A,
                A),
            new Row(
                "POST",
                "/api/v1/services/{environment}/release-gate/override",
                s + own + "/release-gate/override",
                "{}",
                D,
                A,
                D),
            new Row(
                "GET",
                "/api/v1/services/{environment}/release-gate/policy",
                s + own + "/release-gate/policy",
                "",
                A,
                A,
                A),
            new Row(
                "PUT",
                "/api/v1/services/{environment}/release-gate/policy",
                s + own + "/release-gate/policy",
                "{\"freezeAt\": 5}",
                D,
                A,
                D),
            new Row(
                "GET",
                "/api/v1/services/{environment}/release-gate/exclusions",
                s + own + "/release-gate/exclusions",
                "",
                A,
                A,
                A),
            new Row(
                "POST",
                "/api/v1/services/{environment}/release-gate/exclusions",
                s + own + "/release-gate/exclusions",
                "{}",
                D,
                A,
                D),
            new Row("GET", "/api/v1/audit", "/api/v1/audit", "", D, A, A),
            new Row("GET", "/api/v1/audit/verify", "/api/v1/audit/verify", "", D, A, A),
            new Row("GET", "/api/v1/audit/checkpoints", "/api/v1/audit/checkpoints", "", D, A, A),
            new Row(
                "GET",
                "/api/v1/audit/export",
                "/api/v1/audit/export?environment=" + own,
                "",
                D,
                A,
                A),
            // Last, as it deletes: someone else's environment is hidden from a developer.
            new Row("DELETE", "/api/v1/environments/{id}", e + others, "", H, A, D));

    Set<String> served = served();
    Set<String> covered = new TreeSet<>();
    rows.forEach(r -> covered.add(r.method() + " " + r.pattern()));
    assertThat(covered).as("the matrix names every endpoint").isEqualTo(served);

    List<String> wrong = new ArrayList<>();
    Api auditor = Api.basic(port, "auditor", "auditor");
    Api anonymous = Api.anonymous(port);
    for (Row row : rows) {
      check(wrong, row, "anonymous", anonymous, null);
      check(wrong, row, "developer", developer, row.dev());
      check(wrong, row, "auditor", auditor, row.aud());
      check(wrong, row, "sre", sre, row.sre());
    }
    // A developer never reaches another's environment: hidden, as if it did not exist.
    for (String path :
        List.of(
            e + others,
            e + others + "/history",
            s + others + "/slos",
            s + others + "/release-gate")) {
      int status = developer.get(path).status();
      if (status != 404) {
        wrong.add("developer GET " + path + " (someone else's) answered " + status + ", not 404");
      }
    }
    assertThat(wrong).isEmpty();
  }

  private static void check(List<String> wrong, Row row, String who, Api api, Expect expect) {
    int status = send(api, row).status();
    boolean ok =
        switch (expect == null ? "ANON" : expect.name()) {
          case "ANON" -> status == 401;
          case "DENY" -> status == 403;
          case "HIDDEN" -> status == 404;
          default -> status != 401 && status != 403 && status < 500;
        };
    if (!ok) {
      wrong.add(
          who
              + " "
              + row.method()
              + " "
              + row.path()
              + " answered "
              + status
              + ", expected "
              + (expect == null ? "401" : expect));
    }
  }

  private static Api.Response send(Api api, Row row) {
    return switch (row.method()) {
      case "GET" -> api.get(row.path());
      case "DELETE" -> api.delete(row.path());
      case "PUT" -> api.put(row.path(), row.body());
      default -> api.post(row.path(), row.body());
    };
  }

  private Set<String> served() {
    return dev.slipway.Api.served(mappings);
  }
}
