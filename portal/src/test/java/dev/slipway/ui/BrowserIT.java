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

  @BeforeAll
  static void launchChromium() throws Exception {
    assertThat(Files.isExecutable(CHROMIUM))
        .as("Chromium at %s (install Debian's chromium, or set CHROMIUM)", CHROMIUM)
        .isTrue();
    Files.createDirectories(SCREENSHOTS);
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
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("4-environment.png")));

    page.navigate(base + "/environments");
    assertThat(page.locator("#environments")).containsText("browser-env");
    assertThat(page.locator("#environments")).containsText("env-browser-env");
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("5-environments.png")));
  }
}
