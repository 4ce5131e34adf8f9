package dev.slipway.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The API server ({@link ApiServerMain}) in a JVM of its own, started from the test class path. */
final class ApiServerProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private ApiServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ApiServerProcess start(Path log) throws IOException {
    Process process =
        new ProcessBuilder(
                List.of(
                    Jvm.java(),
                    "-Xmx512m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    ApiServerMain.class.getName()))
            .redirectError(log.toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("PORT ")) {
        return new ApiServerProcess(process, Integer.parseInt(line.substring(5).trim()));
      }
    }
    throw new IOException("The API server ended before it listened; see " + log);
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
