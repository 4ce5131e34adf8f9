package dev.slipway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.PortalTest;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The UI's session cookie cannot be ridden by another site: a Vaadin request without the UI's
 * security key is not processed (the same request with it is), and a sign-out form post without the
 * session's CSRF token is refused. The API is stateless, with no cookie to ride.
 */
@PortalTest
class CsrfProtectionIT {

  private static final Pattern META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

  @LocalServerPort int port;

  @Test
  void aVaadinRequestWithoutTheSessionsTokenIsNotProcessed() throws Exception {
    HttpClient browser = signedIn("developer");
    // What the browser's first request gets: the UI's id and the token its requests must carry.
    HttpResponse<String> init = get(browser, "/?v-r=init&location=environments&query=");
    assertThat(init.statusCode()).isEqualTo(200);
    Matcher key = Pattern.compile("\"Vaadin-Security-Key\":\"([^\"]+)\"").matcher(init.body());
    Matcher ui = Pattern.compile("\"v-uiId\":(\\d+)").matcher(init.body());
    assertThat(key.find()).isTrue();
    assertThat(ui.find()).isTrue();
    String uidl = "/?v-r=uidl&v-uiId=" + ui.group(1);

    HttpResponse<String> forged =
        postJson(
            browser, uidl, "{\"csrfToken\":\"forged\",\"rpc\":[],\"syncId\":0,\"clientId\":0}");
    assertThat(forged.body()).contains("appError").contains("\"syncId\":-1");

    HttpResponse<String> genuine =
        postJson(
            browser,
            uidl,
            "{\"csrfToken\":\"" + key.group(1) + "\",\"rpc\":[],\"syncId\":0,\"clientId\":0}");
    assertThat(genuine.body()).doesNotContain("appError").contains("\"syncId\":1");
  }

  @Test
  void theDevSignInFormIsExemptByVaadinsDesignButTheTokenIsOnThePage() throws Exception {
    // Vaadin's security configurer exempts the form-login page from CSRF checks (its login form
    // posts natively). Only the dev profile has that form, and its passwords are public; the
    // OIDC sign-in of every other profile is protected by the authorization request's state.
    assertThat(token(browser())).isNotBlank();
  }

  @Test
  void aSignOutWithoutTheTokenIsRefused() throws Exception {
    HttpClient browser = signedIn("sre");

    HttpResponse<String> forged = post(browser, "/logout", "");

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(get(browser, "/environments").statusCode()).as("still signed in").isEqualTo(200);
  }

  private HttpClient signedIn(String user) throws Exception {
    HttpClient browser = browser();
    String token = token(browser);
    post(
        browser,
        "/login",
        "username="
            + user
            + "&password="
            + user
            + "&_csrf="
            + URLEncoder.encode(token, StandardCharsets.UTF_8));
    assertThat(get(browser, "/environments").statusCode()).as("signed in").isEqualTo(200);
    return browser;
  }

  private HttpResponse<String> postJson(HttpClient browser, String path, String json)
      throws Exception {
    return browser.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpClient browser() {
    return HttpClient.newBuilder()
        .cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** The token the sign-in page carries for the session, as a browser would read it. */
  private String token(HttpClient browser) throws Exception {
    HttpResponse<String> page = get(browser, "/login");
    assertThat(page.statusCode()).isEqualTo(200);
    Matcher m = META.matcher(page.body());
    assertThat(m.find()).as("the page carries a CSRF token").isTrue();
    return m.group(1);
  }

  private HttpResponse<String> get(HttpClient browser, String path) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(HttpClient browser, String path, String form) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", "https://evil.example")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
