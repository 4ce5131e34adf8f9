package dev.slipway.reliability;

import dev.slipway.Api;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A portal instance: the built jar in a JVM of its own, as production runs it (its own database
 * settings, a kubeconfig for the API server), with the dev profile's users for the API. Killed with
 * SIGKILL when a test says so: no shutdown hook, no graceful stop.
 */
final class PortalProcess implements AutoCloseable {

  final String name;
  final int port;
  final Path log;
  private final Process process;
  private final long startedAt = System.nanoTime();

  private PortalProcess(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  static PortalProcess start(String name, Path jar, Path log, List<String> settings)
      throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Jvm.java());
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-jar");
    command.add(jar.toString());
    command.add("--server.port=" + port);
    command.add("--db-scheduler.scheduler-name=" + name);
    command.addAll(settings);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new PortalProcess(name, port, log, process);
  }

  /** Waits until the portal says it is ready (database and scheduler); returns how long it took. */
  Duration awaitReady(Duration limit) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " ended with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> health =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - startedAt);
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(name + " not ready within " + limit + "; see " + log);
  }

  Api api(String user) {
    return Api.basic(port, user, user);
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: the JVM ends at once, mid-task, without closing anything. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
