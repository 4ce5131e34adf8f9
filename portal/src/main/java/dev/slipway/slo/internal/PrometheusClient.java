package dev.slipway.slo.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prometheus' HTTP API (instant and range queries), with a bearer token or basic auth when
 * configured. Every failure (no answer, an HTTP error, Prometheus' own {@code status: error})
 * becomes {@link Unavailable} with a message fit to show.
 */
public final class PrometheusClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One series of an instant vector. */
  public record Sample(Map<String, String> labels, double value) {}

  /** One point of a range. */
  public record Point(Instant at, double value) {}

  /** One series of a range (matrix). */
  public record Series(Map<String, String> labels, List<Point> points) {}

  public static final class Unavailable extends RuntimeException {
    Unavailable(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;
  private final @Nullable String authorization;
  private final AtomicLong queries = new AtomicLong();

  public PrometheusClient(
      URI base,
      Duration timeout,
      @Nullable String bearerToken,
      @Nullable String username,
      @Nullable String password) {
    String url = base.toString();
    this.base = URI.create(url.endsWith("/") ? url : url + "/");
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    if (bearerToken != null && !bearerToken.isBlank()) {
      this.authorization = "Bearer " + bearerToken.strip();
    } else if (username != null && !username.isBlank()) {
      this.authorization =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (username + ":" + (password == null ? "" : password))
                          .getBytes(StandardCharsets.UTF_8));
    } else {
      this.authorization = null;
    }
  }

  /** Queries sent so far: the fleet refresh must stay at a few, whatever the fleet's size. */
  public long queriesSent() {
    return queries.get();
  }

  public List<Sample> query(String promql) {
    JsonNode data = get("api/v1/query?query=" + encode(promql));
    List<Sample> out = new ArrayList<>();
    for (JsonNode result : data.path("result")) {
      out.add(new Sample(labels(result.path("metric")), number(result.path("value").path(1))));
    }
    return out;
  }

  public List<Series> queryRange(String promql, Instant start, Instant end, Duration step) {
    JsonNode data =
        get(
            "api/v1/query_range?query="
                + encode(promql)
                + "&start="
                + start.getEpochSecond()
                + "&end="
                + end.getEpochSecond()
                + "&step="
                + step.toSeconds());
    List<Series> out = new ArrayList<>();
    for (JsonNode result : data.path("result")) {
      List<Point> points = new ArrayList<>();
      for (JsonNode value : result.path("values")) {
        points.add(
            new Point(
                Instant.ofEpochMilli(Math.round(value.path(0).asDouble() * 1000)),
                number(value.path(1))));
      }
      out.add(new Series(labels(result.path("metric")), points));
    }
    return out;
  }

  private JsonNode get(String pathAndQuery) {
    queries.incrementAndGet();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Unavailable(
          "Prometheus at " + base + " did not answer (" + e.getClass().getSimpleName() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while asking Prometheus", e);
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (RuntimeException e) {
      throw new Unavailable(
          "Prometheus at " + base + " answered HTTP " + response.statusCode() + " without JSON", e);
    }
    if (response.statusCode() != 200 || !"success".equals(body.path("status").asString(""))) {
      throw new Unavailable(
          "Prometheus at "
              + base
              + " answered HTTP "
              + response.statusCode()
              + ": "
              + body.path("error").asString("no reason given"),
          null);
    }
    return body.path("data");
  }

  private static Map<String, String> labels(JsonNode metric) {
    Map<String, String> labels = new LinkedHashMap<>();
    metric.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
    return labels;
  }

  /** Prometheus writes sample values as strings, including NaN and ±Inf. */
  private static double number(JsonNode value) {
    return switch (value.asString("NaN")) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(value.asString());
        } catch (NumberFormatException e) {
          throw new Unavailable("Prometheus answered a value that is not a number: " + value, e);
        }
      }
    };
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
