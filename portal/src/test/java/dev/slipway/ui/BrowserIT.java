package dev.slipway.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.slipway.PortalTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A person in Chromium: signs in on the dev profile, requests an environment from the catalog,
 * watches it become ready and finds it in the list. Screenshots go to target/screenshots.
 */
@PortalTest
class BrowserIT {

  /** Debian's chromium; CHROMIUM overrides it. Missing, the test fails: it never skips. */
  static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  static final Path SCREENSHOTS = Path.of("target/screenshots");

  static Playwright playwright;
  static Browser browser;

  @LocalServerPort int port;
  @org.springframework.beans.factory.annotation.Autowired dev.slipway.gate.ReleaseGate gate;

  @BeforeAll
  static void launchChromium() throws Exception {
    assertThat(Files.isExecutable(CHROMIUM))
        .as("Chromium at %s (install Debian's chromium, or set CHROMIUM)", CHROMIUM)
        .isTrue();
    Files.createDirectories(SCREENSHOTS);
    // The default 5 s is tight on 2 cores while other suites run: a page that answers in 6 s is
    // slow, not broken. Speed is for benchmarks.
    com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync")));
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  private Page signIn(String user) {
    Page page =
        browser.newContext(new Browser.NewContextOptions().setViewportSize(1360, 860)).newPage();
    page.setDefaultTimeout(30_000);
    page.navigate("http://localhost:" + port + "/");
    page.locator("input[name=username]").fill(user);
    page.locator("input[name=password]").fill(user);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
    assertThat(page.locator(".main-layout")).isVisible();
    return page;
  }

  @Test
  void anSreImportsATemplateAndComparesVersions() {
    Page page = signIn("sre");
    String base = "http://localhost:" + port;
    page.navigate(base + "/templates");
    String template =
        """
        apiVersion: template.openshift.io/v1
        kind: Template
        metadata:
          name: browser-echo
          annotations: { openshift.io/display-name: "Echo (browser test)" }
        objects:
          - { apiVersion: v1, kind: ConfigMap, metadata: { name: echo }, data: { image: "echo:%s" } }
        """;
    page.locator("#import-document textarea").fill(template.formatted("1"));
    page.locator("#import-publish input").check();
    page.locator("#import-button").click();
    assertThat(page.locator("#template-versions")).containsText("browser-echo");
    page.locator("#import-document textarea")
        .fill(template.formatted("2") + "  - { kind: \"\", metadata: { name: x } }\n");
    page.locator("#import-button").click();
    assertThat(page.locator("#import-problems"))
        .containsText("/objects/1/kind: the object has no kind");
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(SCREENSHOTS.resolve("6-templates.png"))
            .setFullPage(true));

    page.locator("#import-document textarea").fill(template.formatted("2"));
    page.locator("#import-button").click();
    page.navigate(base + "/templates/browser-echo");
    assertThat(page.locator("#diff")).containsText("echo:2");
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(SCREENSHOTS.resolve("7-template.png"))
            .setFullPage(true));
  }

  @Test
  void anAuditorFiltersTheLedgerReadsAnEventVerifiesAndExports() throws Exception {
    Page page = signIn("auditor");
    String base = "http://localhost:" + port;
    page.navigate(base + "/audit");
    assertThat(page.locator("#audit-events")).isVisible();
    page.locator("#audit-verify").click();
    assertThat(page.locator("#audit-verification")).containsText("Intact");
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(SCREENSHOTS.resolve("11-audit.png"))
            .setFullPage(true));

    com.microsoft.playwright.Download csv =
        page.waitForDownload(() -> page.locator("#audit-export-csv").click());
    String exported = Files.readString(csv.path());
    org.assertj.core.api.Assertions.assertThat(exported)
        .startsWith("id,at,type,target,actorSubject")
        .contains("SignedIn");

    page.locator("vaadin-grid#audit-events vaadin-grid-cell-content")
        .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("SignedIn"))
        .first()
        .click();
    assertThat(page.getByText(java.util.regex.Pattern.compile("^Hash [0-9a-f]{64}$"))).isVisible();
    page.waitForTimeout(400); // the dialog's opening animation
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("12-audit-detail.png")));
  }

  /** Prometheus' answer to {@code query} from the fixture, with one more service's sample. */
  static void answer(String query, String fixture, String service, String extraValue)
      throws Exception {
    String body =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("src/test/resources/prometheus/" + fixture));
    String extra =
        "{\"metric\":{\"sloth_service\":\""
            + service
            + "\",\"sloth_slo\":\"availability\"},"
            + "\"value\":[1764036000,\""
            + extraValue
            + "\"]},";
    dev.slipway.PrometheusStub.server()
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.get(
                    com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/v1/query"))
                .withQueryParam(
                    "query", com.github.tomakehurst.wiremock.client.WireMock.equalTo(query))
                .atPriority(1)
                .willReturn(
                    com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(body.replace("\"result\":[", "\"result\":[" + extra))));
  }

  @Test
  void anSreWatchesTheFleetsErrorBudgets() throws Exception {
    dev.slipway.Api developer = dev.slipway.Api.basic(port, "developer", "developer");
    String id = developer.ready("redis", "budget-browser");
    try {
      String service =
          dev.slipway.slo.ServiceLevels.serviceName(
              "budget-browser", java.util.UUID.fromString(id));
      answer("slo:period_error_budget_remaining:ratio", "remaining.json", service, "-0.12");
      answer("slo:current_burn_rate:ratio", "burn-rate.json", service, "1.8");
      answer("slo:objective:ratio", "objective.json", service, "0.999");
      dev.slipway.PrometheusStub.server()
          .stubFor(
              com.github.tomakehurst.wiremock.client.WireMock.get(
                      com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(
                          "/api/v1/query_range"))
                  .atPriority(1)
                  .willReturn(
                      com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                          .withHeader("Content-Type", "application/json")
                          .withBody(
                              java.nio.file.Files.readString(
                                  java.nio.file.Path.of(
                                      "src/test/resources/prometheus/burn-down.json")))));
      Page page = signIn("sre");
      // The service's page shows what the budgets call for; looking records nothing.
      page.navigate("http://localhost:" + port + "/services/" + id);
      assertThat(page.locator("#objectives")).containsText("-12.0 %");
      assertThat(page.locator("#frozen-banner")).containsText("Frozen for feature releases");
      assertThat(page.locator(".burn-down svg").first()).isVisible();
      page.setViewportSize(1360, 1100);
      page.screenshot(
          new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("10-service-level.png")));
      page.setViewportSize(1360, 860);

      // The recurring evaluation records the freeze, which the budgets page then shows.
      gate.evaluateAll();
      page.navigate("http://localhost:" + port + "/budgets");
      assertThat(page.locator("#budgets")).containsText("payments");
      assertThat(page.locator("#budgets")).containsText("budget-browser");
      assertThat(page.locator("#budgets")).containsText("frozen");
      page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("9-budgets.png")));
    } finally {
      dev.slipway.PrometheusStub.reset();
    }
  }

  @Test
  void aDeveloperPreviewsWhatARequestWouldCreate() {
    Page page = signIn("developer");
    page.navigate("http://localhost:" + port + "/environments/new/webapp-postgresql");
    page.locator("#preview-environment").click();
    assertThat(page.locator("vaadin-dialog-overlay, #preview-dialog").first())
        .containsText("database-password");
    assertThat(page.getByText("Nothing has been created")).isVisible();
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(SCREENSHOTS.resolve("8-preview.png"))
            .setAnimations(com.microsoft.playwright.options.ScreenshotAnimations.DISABLED));
  }

  @Test
  void aDeveloperSignsInRequestsAnEnvironmentAndSeesItListed() {
    Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1360, 860));
    page.setDefaultTimeout(30_000);
    String base = "http://localhost:" + port;

    page.navigate(base + "/environments");
    assertThat(page.getByText("password = user name")).isVisible();
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("1-login.png")));
    page.locator("input[name=username]").fill("developer");
    page.locator("input[name=password]").fill("developer");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();

    // Spring Security returns to the saved request (with a "continue" marker).
    page.waitForURL(url -> url.startsWith(base + "/environments"));
    assertThat(page.locator("#environments, .page-intro").first()).isVisible();
    page.navigate(base + "/");
    assertThat(page.locator("#template-postgresql")).isVisible();
    assertThat(page.getByText("Sandbox: objects are stored, nothing runs")).isVisible();
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("2-catalog.png")));

    page.locator("#request-postgresql").click();
    page.waitForURL(url -> url.endsWith("/environments/new/postgresql"));
    page.locator("#environment-name input").fill("Browser_Env");
    page.locator("#create-environment").click();
    assertThat(page.locator("#environment-name")).containsText("is not a DNS-1123 label");
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("3-form-error.png")));

    page.locator("#environment-name input").fill("browser-env");
    page.locator("#create-environment").click();
    assertThat(page.locator("#environment-status")).hasText("ready");
    assertThat(page.locator("#objects")).containsText("Deployment");
    assertThat(page.locator("#history")).containsText("objects created in namespace");
    // Vaadin's layout scrolls inside itself: a tall window shows the whole page, history included.
    page.setViewportSize(1360, 1300);
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("4-environment.png")));
    page.setViewportSize(1360, 860);

    page.navigate(base + "/environments");
    assertThat(page.locator("#environments")).containsText("browser-env");
    assertThat(page.locator("#environments")).containsText("env-browser-env");
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("5-environments.png")));
  }
}
