package dev.slipway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import dev.slipway.Api;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Production security against a real OIDC provider (mock-oauth2-server): the authorization-code
 * login with groups mapped to roles, and bearer JWTs for the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("oidc-test")
class OidcLoginIT {

  static final String ISSUER = "corp";
  static final MockOAuth2Server OIDC = new MockOAuth2Server();
  static final EmbeddedPostgres DATABASE;

  static {
    OIDC.start();
    try {
      DATABASE = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void production(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> DATABASE.getJdbcUrl("postgres", "postgres"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("slipway.security.oidc.issuer-uri", () -> OIDC.issuerUrl(ISSUER).toString());
    registry.add("slipway.security.oidc.client-id", () -> "slipway-portal");
    registry.add("slipway.security.oidc.client-secret", () -> "not-a-real-secret");
    registry.add(
        "slipway.audit.checkpoint-key",
        () -> java.util.Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'q'));
    registry.add("slipway.security.groups-claim", () -> "roles-of-user");
    registry.add("slipway.security.role-groups.developer", () -> "app-devs");
    registry.add("slipway.security.role-groups.sre", () -> "platform-sre");
    registry.add("slipway.cluster.mode", () -> "sandbox");
    registry.add("slipway.security.pipelines.payments-ci.team", () -> "team-payments");
  }

  // The database and the provider stay up until the JVM exits: the cached Spring context still
  // uses them after this class, and closes first.

  @TestConfiguration
  static class SignIns {
    final List<Authentication> successes = new CopyOnWriteArrayList<>();

    @Bean
    SignIns signIns() {
      return this;
    }

    @EventListener
    void on(AuthenticationSuccessEvent event) {
      successes.add(event.getAuthentication());
    }
  }

  @LocalServerPort int port;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
  @Autowired SignIns signIns;

  @BeforeEach
  void forget() {
    signIns.successes.clear();
  }

  @Test
  void authorizationCodeLoginMapsTheGroupsClaimToRoles() throws Exception {
    OIDC.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            ISSUER,
            "alice-subject",
            JOSEObjectType.JWT.getType(),
            List.of("slipway-portal"),
            Map.of(
                "preferred_username",
                "alice",
                "roles-of-user",
                List.of("app-devs", "platform-sre", "unrelated")),
            3600));
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    HttpResponse<String> landed =
        browser.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/environments"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(landed.statusCode()).isEqualTo(200);
    assertThat(landed.uri().toString())
        .as("back in the portal after the provider's redirect")
        .startsWith("http://localhost:" + port + "/environments");
    // Spring Security publishes the success from each ProviderManager it passes through.
    assertThat(signIns.successes).isNotEmpty();
    for (Authentication alice : signIns.successes) {
      assertThat(alice.getName()).isEqualTo("alice-subject");
      assertThat(alice.getAuthorities().stream().map(GrantedAuthority::getAuthority))
          .contains("ROLE_DEVELOPER", "ROLE_SRE")
          .doesNotContain("ROLE_AUDITOR");
    }
    int signInEvents = signIns.successes.size();

    // The session now carries the login: the portal answers without another redirect.
    HttpResponse<String> again =
        browser.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(again.uri().getPort()).isEqualTo(port);
    assertThat(signIns.successes).as("no second sign-in").hasSize(signInEvents);
  }

  @Test
  void anUnauthenticatedVisitorIsSentToTheProvider() throws Exception {
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<Void> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/environments"))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location").orElseThrow())
        .endsWith("/oauth2/authorization/slipway");
  }

  @Test
  void theApiDocumentIsPublicWithBearerOnlyAndSwaggerUiIsOff() throws Exception {
    Api.Response document = Api.anonymous(port).get("/v3/api-docs");
    assertThat(document.status()).as(document.body()).isEqualTo(200);
    assertThat(document.json().at("/components/securitySchemes/bearer-jwt/scheme").asString())
        .isEqualTo("bearer");
    assertThat(document.json().at("/components/securitySchemes").has("basic")).isFalse();
    assertThat(document.json().path("security").toString()).contains("bearer-jwt");
    // Outside the dev profile there is no Swagger UI: the path is the UI chain's, which asks a
    // visitor to sign in, and nothing serves it after that.
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> ui =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/swagger-ui/index.html"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ui.statusCode()).isNotEqualTo(200);
    assertThat(ui.body()).doesNotContainIgnoringCase("swagger");
  }

  @Test
  void theApiAcceptsBearerTokensAndMapsGroupsToRoles() {
    String developerToken = token("ci-pipeline", List.of("app-devs"));
    Api pipeline = Api.bearer(port, developerToken);
    assertThat(pipeline.get("/api/v1/templates").status()).isEqualTo(200);
    Api.Response created =
        pipeline.post(
            "/api/v1/environments", "{\"template\": \"postgresql\", \"name\": \"from-ci\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(202);
    assertThat(created.json().path("owner").asString()).isEqualTo("ci-pipeline");
    String id = created.json().path("id").asString();
    pipeline.awaitStatus(id, "READY");

    Api noRoles = Api.bearer(port, token("stranger", List.of("unrelated")));
    assertThat(noRoles.get("/api/v1/templates").status()).isEqualTo(200);
    assertThat(
            noRoles
                .post("/api/v1/environments", "{\"template\": \"postgresql\", \"name\": \"nope\"}")
                .status())
        .isEqualTo(403);
  }

  @Test
  void aPipelineSClientCredentialsTokenActsForItsTeam() throws Exception {
    // A real client-credentials grant at the provider's token endpoint, as a CI job makes it.
    HttpResponse<String> granted =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(OIDC.tokenEndpointUrl(ISSUER).uri())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "grant_type=client_credentials&client_id=payments-ci"
                                + "&client_secret=ci-secret&scope=slipway-portal"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
    String token = Api.JSON.readTree(granted.body()).path("access_token").asString();
    Api pipeline = Api.bearer(port, token);

    Api.Response created =
        pipeline.post(
            "/api/v1/environments", "{\"template\": \"redis\", \"name\": \"payments-ci-run\"}");

    assertThat(created.status()).as(created.body()).isEqualTo(202);
    assertThat(created.json().path("team").asString()).isEqualTo("team-payments");
    assertThat(created.json().path("ownerName").asString()).isEqualTo("payments-ci");
    String id = created.json().path("id").asString();
    pipeline.awaitStatus(id, "READY");
    // A person of the team sees what the pipeline made; a developer of another team does not.
    Api member = Api.bearer(port, token("payments-dev", List.of("app-devs", "team-payments")));
    assertThat(member.get("/api/v1/environments/" + id).status()).isEqualTo(200);
    Api other = Api.bearer(port, token("search-dev", List.of("app-devs", "team-search")));
    assertThat(other.get("/api/v1/environments/" + id).status()).isEqualTo(404);
    // An unconfigured client gets no role: it may read the catalog, not request environments.
    String stranger =
        OIDC.issueToken(
                ISSUER,
                "other-ci",
                new DefaultOAuth2TokenCallback(
                    ISSUER,
                    "other-ci",
                    JOSEObjectType.JWT.getType(),
                    List.of("slipway-portal"),
                    Map.of(),
                    3600))
            .serialize();
    assertThat(
            Api.bearer(port, stranger)
                .post("/api/v1/environments", "{\"template\": \"redis\", \"name\": \"nope-ci\"}")
                .status())
        .isEqualTo(403);
  }

  @Test
  void theApiRefusesTokensIssuedForAnotherClient() {
    String forAnotherClient =
        OIDC.issueToken(
                ISSUER,
                "someone",
                new DefaultOAuth2TokenCallback(
                    ISSUER,
                    "someone",
                    JOSEObjectType.JWT.getType(),
                    List.of("some-other-app"),
                    Map.of("roles-of-user", List.of("app-devs")),
                    3600))
            .serialize();
    assertThat(Api.bearer(port, forAnotherClient).get("/api/v1/environments").status())
        .isEqualTo(401);
  }

  @Test
  void theApiRefusesMissingForgedAndForeignTokens() {
    Api.Response anonymous = Api.anonymous(port).get("/api/v1/environments");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.raw().headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(anonymous.contentType()).startsWith("application/problem+json");

    assertThat(Api.bearer(port, "not.a.jwt").get("/api/v1/environments").status()).isEqualTo(401);
    // A refused token is recorded by its fingerprint, never as itself.
    String expired =
        OIDC.issueToken(
                ISSUER,
                "late",
                new DefaultOAuth2TokenCallback(
                    ISSUER,
                    "late",
                    JOSEObjectType.JWT.getType(),
                    List.of("other-app"),
                    Map.of(),
                    3600))
            .serialize();
    assertThat(Api.bearer(port, expired).get("/api/v1/environments").status()).isEqualTo(401);
    assertThat(
            jdbc.sql("select count(*) from audit_event where position(:t in details) > 0")
                .param("t", expired)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql(
                    "select count(*) from audit_event where type = 'SignInFailed'"
                        + " and details like '%bearer token sha256:%'")
                .query(Long.class)
                .single())
        .isPositive();

    String foreign =
        OIDC.issueToken(
                "another-issuer",
                "ci",
                new DefaultOAuth2TokenCallback(
                    "another-issuer",
                    "ci",
                    JOSEObjectType.JWT.getType(),
                    List.of("slipway-portal"),
                    Map.of("roles-of-user", List.of("app-devs")),
                    3600))
            .serialize();
    assertThat(Api.bearer(port, foreign).get("/api/v1/environments").status()).isEqualTo(401);
  }

  private static String token(String subject, List<String> groups) {
    return OIDC.issueToken(
            ISSUER,
            subject,
            new DefaultOAuth2TokenCallback(
                ISSUER,
                subject,
                JOSEObjectType.JWT.getType(),
                List.of("slipway-portal"),
                Map.of("roles-of-user", groups),
                3600))
        .serialize();
  }
}
