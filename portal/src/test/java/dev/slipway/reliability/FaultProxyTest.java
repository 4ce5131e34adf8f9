package dev.slipway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.reliability.FaultProxy.Mode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault proxy in front of a plain HTTP server: each mode does what it says, and is counted. */
class FaultProxyTest {

  HttpServer upstream;
  FaultProxy proxy;
  int port;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  @BeforeEach
  void start() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          byte[] answer =
              (exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body.length)
                  .getBytes(StandardCharsets.UTF_8);
          boolean conflict = exchange.getRequestURI().getPath().endsWith("/taken");
          if (exchange.getRequestURI().getPath().endsWith("/chunked")) {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(answer);
          } else {
            exchange.sendResponseHeaders(conflict ? 409 : 200, answer.length);
            exchange.getResponseBody().write(answer);
          }
          exchange.close();
        });
    upstream.start();
    proxy = new FaultProxy(upstream.getAddress().getPort());
    port = proxy.listen("one");
  }

  @AfterEach
  void stop() {
    proxy.close();
    upstream.stop(0);
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(2))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(2))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void passesRequestsAndCountsThemPerNamespaceWithTheServersAnswer() throws Exception {
    assertThat(post("/api/v1/namespaces/env-a/configmaps", "{\"x\":1}").body())
        .isEqualTo("POST /api/v1/namespaces/env-a/configmaps 7");
    assertThat(post("/api/v1/namespaces/env-a/configmaps/taken", "{}").statusCode()).isEqualTo(409);
    assertThat(get("/api/v1/namespaces/env-b/chunked").body())
        .isEqualTo("GET /api/v1/namespaces/env-b/chunked 0");
    assertThat(post("/api/v1/namespaces", "{}").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/namespaces/env-c").statusCode()).isEqualTo(200);

    List<FaultProxy.Exchange> seen = proxy.exchanges();
    assertThat(seen)
        .extracting(FaultProxy.Exchange::namespace)
        .containsExactly("env-a", "env-a", "env-b", "", "env-c");
    assertThat(seen)
        .extracting(FaultProxy.Exchange::status)
        .containsExactly(200, 409, 200, 200, 200);
    assertThat(seen).extracting(FaultProxy.Exchange::portal).containsOnly("one");
  }

  @Test
  void addsLatencyToEachRequest() throws Exception {
    proxy.latency(Duration.ofMillis(300));
    long start = System.nanoTime();
    get("/a");
    get("/b");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(600));
  }

  @Test
  void answersRequestsOverTheRateLimitWith429() throws Exception {
    proxy.rateLimit(3);
    int ok = 0;
    int limited = 0;
    for (int i = 0; i < 10; i++) {
      int status = get("/x").statusCode();
      ok += status == 200 ? 1 : 0;
      limited += status == 429 ? 1 : 0;
    }
    // Ten quick requests span at most two one-second windows.
    assertThat(ok).isBetween(3, 6);
    assertThat(limited).isEqualTo(10 - ok);
  }

  @Test
  void answers503Or429ItselfWhenToldTo() throws Exception {
    proxy.mode(Mode.UNAVAILABLE);
    HttpResponse<String> unavailable = get("/api/v1/namespaces/env-a/secrets");
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(unavailable.body()).contains("\"code\":503");
    proxy.mode(Mode.TOO_MANY_REQUESTS);
    assertThat(get("/x").statusCode()).isEqualTo(429);
    proxy.mode(Mode.PASS);
    assertThat(get("/x").statusCode()).isEqualTo(200);
  }

  @Test
  void refusesConnectionsThenListensOnTheSamePortAgain() throws Exception {
    assertThat(get("/x").statusCode()).isEqualTo(200);
    proxy.mode(Mode.REFUSE);
    assertThatThrownBy(() -> get("/x")).isInstanceOf(ConnectException.class);
    proxy.mode(Mode.PASS);
    assertThat(get("/x").statusCode()).isEqualTo(200);
  }

  @Test
  void aBlackHoleAcceptsAndNeverAnswers() throws Exception {
    proxy.mode(Mode.BLACK_HOLE);
    long start = System.nanoTime();
    assertThatThrownBy(() -> get("/x")).isInstanceOf(HttpTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1900));
    assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(0);
    proxy.mode(Mode.PASS);
    assertThat(get("/x").statusCode()).isEqualTo(200);
  }
}
