package dev.slipway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the REST API, as a CI pipeline would call it. */
public final class Api {

  /** Every method and path pattern under /api the portal serves: {@code "GET /api/v1/…"}. */
  public static java.util.Set<String> served(
      org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping mappings) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    mappings
        .getHandlerMethods()
        .forEach(
            (info, method) -> {
              for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/")) {
                  info.getMethodsCondition()
                      .getMethods()
                      .forEach(m -> out.add(m.name() + " " + pattern));
                }
              }
            });
    return out;
  }

  public static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String base;
  private final String authorization;

  private Api(String base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  public static Api basic(int port, String user, String password) {
    return new Api(
        "http://localhost:" + port,
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  public static Api bearer(int port, String token) {
    return new Api("http://localhost:" + port, "Bearer " + token);
  }

  public static Api anonymous(int port) {
    return new Api("http://localhost:" + port, "");
  }

  public Response get(String path) {
    return send(request(path).GET());
  }

  public Response delete(String path) {
    return send(request(path).DELETE());
  }

  public Response post(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** Any method with a body of the given content type. */
  public Response send(String method, String path, String contentType, String body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Waits (up to 30 s) until the environment has the status; returns it as the API shows it. */
  public JsonNode awaitStatus(String id, String status) {
    return awaitEnvironment(id, status, "");
  }

  /**
   * Waits until the environment has FAILED and its durable cleanup says everything it made is gone
   * (verified); returns it.
   */
  public JsonNode awaitCleanedUp(String id) {
    return awaitEnvironment(id, "FAILED", "Everything created for it was removed (verified).");
  }

  private JsonNode awaitEnvironment(String id, String status, String reasonEnding) {
    JsonNode[] last = new JsonNode[1];
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .pollInterval(java.time.Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              last[0] = get("/api/v1/environments/" + id).json();
              org.assertj.core.api.Assertions.assertThat(last[0].path("status").asString())
                  .as(last[0].toString())
                  .isEqualTo(status);
              org.assertj.core.api.Assertions.assertThat(last[0].path("statusReason").asString())
                  .as(last[0].toString())
                  .endsWith(reasonEnding);
            });
    return last[0];
  }

  /**
   * Requests an environment, expects it accepted (202) and waits until it is READY; returns its id.
   *
   * @param request the request body as the API takes it ({@code {"template": ..., "name": ...}})
   */
  public String ready(String request) {
    Response created = post("/api/v1/environments", request);
    org.assertj.core.api.Assertions.assertThat(created.status()).as(created.body()).isEqualTo(202);
    String id = created.json().path("id").asString();
    awaitStatus(id, "READY");
    return id;
  }

  /** An environment of {@code template} named {@code name}, requested and READY; returns its id. */
  public String ready(String template, String name) {
    return ready("{\"template\": \"" + template + "\", \"name\": \"" + name + "\"}");
  }

  public Response put(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
    if (!authorization.isEmpty()) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  private static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response with its body at hand as text and as JSON. */
  public record Response(HttpResponse<String> raw) {
    public int status() {
      return raw.statusCode();
    }

    public String body() {
      return raw.body();
    }

    public JsonNode json() {
      return JSON.readTree(raw.body());
    }

    public String contentType() {
      return raw.headers().firstValue("Content-Type").orElse("");
    }
  }
}
