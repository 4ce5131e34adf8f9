package dev.slipway.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.slo.rules.RuleGenerator;
import dev.slipway.slo.rules.SloSpec;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop against a real Prometheus (Debian's package) on loopback: it scrapes a small
 * exporter whose requests fail 1 % of the time, evaluates the rules Slipway generates, and the
 * budget read through {@link ErrorBudgets} shows a 99.9 % objective burning ten times too fast. The
 * binary must be there (CI installs it); without it this test fails.
 */
class RealPrometheusTest {

  @TempDir Path dir;
  Process prometheus;
  HttpServer exporter;

  @AfterEach
  void stop() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      prometheus.waitFor();
    }
    if (exporter != null) {
      exporter.stop(0);
    }
  }

  static String binary() {
    for (String path : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(path, "prometheus");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return fail("prometheus is not installed: install Debian's prometheus package (.ci/run does)");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** 100 requests a second, one in a hundred failing, counted since the exporter started. */
  HttpServer exporter() throws IOException {
    long start = System.nanoTime();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          double seconds = (System.nanoTime() - start) / 1e9;
          String body =
              """
              # TYPE http_requests_total counter
              http_requests_total{code="200"} %d
              http_requests_total{code="500"} %d
              """
                  .formatted((long) (seconds * 99), (long) (seconds * 1));
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    return server;
  }

  @Test
  void aRealPrometheusEvaluatesTheGeneratedRulesAndTheBudgetShowsTheBurn() throws Exception {
    exporter = exporter();
    ServiceObjective availability =
        new ServiceObjective(
            UUID.fromString("5b0c0a3e-0000-4000-8000-000000000002"),
            "shop",
            "env-shop",
            "availability",
            Indicator.AVAILABILITY,
            99.9,
            SloWindow.DAYS_30,
            null,
            Instant.now(),
            "test");
    Files.writeString(
        dir.resolve("slipway.rules.yml"),
        RuleGenerator.toYaml(
            RuleGenerator.generate(
                List.of(SloSpec.sloth(ServiceLevels.slos(List.of(availability)))),
                RuleGenerator.Options.defaults())));
    Files.writeString(
        dir.resolve("prometheus.yml"),
        """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        rule_files: [slipway.rules.yml]
        scrape_configs:
          - job_name: shop
            static_configs:
              - targets: ['127.0.0.1:%d']
                labels: {namespace: env-shop}
        """
            .formatted(exporter.getAddress().getPort()));
    int port = freePort();
    prometheus =
        new ProcessBuilder(
                binary(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();

    ErrorBudgets budgets =
        new ErrorBudgets(
            new PrometheusProperties(
                "http://127.0.0.1:" + port, null, null, null, Duration.ofSeconds(2), Duration.ZERO),
            Clock.systemUTC());
    ErrorBudgets.Budget budget =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    budgets
                        .read()
                        .of("shop", "availability")
                        // The first evaluations may see no failure yet (a rate over one
                        // sample): wait for the burn to show, then check how fast it burns.
                        .filter(b -> !Double.isNaN(b.remaining()) && b.burnRate() > 0)
                        .orElse(null),
                b -> b != null);

    assertThat(budget.objective()).isCloseTo(0.999, org.assertj.core.api.Assertions.within(1e-9));
    // 1 % failing against a 0.1 % budget: burning ten times too fast, the budget overspent.
    assertThat(budget.burnRate()).isBetween(7.0, 13.0);
    assertThat(budget.remaining()).isNegative();
    assertThat(Files.readString(dir.resolve("prometheus.log"))).doesNotContain("level=error");
  }
}
