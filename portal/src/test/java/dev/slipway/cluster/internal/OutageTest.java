package dev.slipway.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutageTest {

  private static RuntimeException wrapped(Throwable cause) {
    return new RuntimeException("An error has occurred.", new IOException("wrapped", cause));
  }

  @Test
  void namesWhatTheApiServerDidNotFabric8sGenericWords() {
    assertThat(Outage.symptom(0, wrapped(new ConnectException("Connection refused"))))
        .isEqualTo("refused connections");
    assertThat(Outage.symptom(0, wrapped(new SocketTimeoutException("Read timed out"))))
        .isEqualTo("did not answer");
    assertThat(Outage.symptom(0, wrapped(new IOException("Connection reset by peer"))))
        .isEqualTo("dropped connections");
    assertThat(Outage.symptom(503, new RuntimeException()))
        .isEqualTo("answered 503 Service Unavailable");
    assertThat(Outage.symptom(429, new RuntimeException()))
        .isEqualTo("throttled requests (429 Too Many Requests)");
    assertThat(Outage.symptom(0, new RuntimeException("?"))).isEqualTo("could not be reached");
  }

  @Test
  void tellsTheWholeStoryOfARetriedCall() {
    Outage outage = new Outage();
    for (int i = 0; i < 13; i++) {
      outage.failed(0, wrapped(new ConnectException("Connection refused")));
    }
    outage.failed(503, new RuntimeException());

    assertThat(outage.describe("Service Unavailable", Duration.ofSeconds(123)))
        .isEqualTo(
            "the API server refused connections, then answered 503 Service Unavailable for 2 min"
                + " 3 s (14 attempts; last: Service Unavailable)");
  }

  @Test
  void aSingleAttemptKeepsTheClustersOwnWords() {
    Outage outage = new Outage();
    outage.failed(403, new RuntimeException());
    assertThat(outage.describe("forbidden: quota exceeded", Duration.ZERO))
        .isEqualTo("forbidden: quota exceeded");
  }

  @Test
  void durationsReadAsPeopleSayThem() {
    assertThat(Outage.readable(Duration.ofMillis(44_600))).isEqualTo("45 s");
    assertThat(Outage.readable(Duration.ofMinutes(2))).isEqualTo("2 min");
    assertThat(Outage.readable(Duration.ofMinutes(62))).isEqualTo("1 h 2 min");
  }
}
