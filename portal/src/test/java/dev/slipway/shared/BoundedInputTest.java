package dev.slipway.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The body limit and the NUL check, without a server. */
class BoundedInputTest {

  static final BodyLimit TEN = new BodyLimit("POST", "/api/v1/x", 10, "slipway.api.max-body-bytes");

  static ServletInputStream body(byte[] bytes) {
    InputStream in = new ByteArrayInputStream(bytes);
    return new ServletInputStream() {
      @Override
      public int read() throws java.io.IOException {
        return in.read();
      }

      @Override
      public boolean isFinished() {
        return false;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {}
    };
  }

  @Test
  void readsABodyUpToItsLimit() throws Exception {
    assertThat(new BoundedInputStream(body("0123456789".getBytes()), TEN).readAllBytes())
        .hasSize(10);
  }

  @Test
  void refusesTheFirstByteOverTheLimitNamingIt() {
    assertThatThrownBy(
            () -> new BoundedInputStream(body("0123456789!".getBytes()), TEN).readAllBytes())
        .isInstanceOfSatisfying(
            PayloadTooLargeException.class,
            e -> {
              assertThat(e.limit()).isEqualTo("slipway.api.max-body-bytes");
              assertThat(e.maxBytes()).isEqualTo(10);
              assertThat(e.getMessage()).contains("10 bytes", "POST /api/v1/x");
            });
  }

  @Test
  void neverReadsMoreThanOneByteOverTheLimit() {
    byte[] endless = new byte[1_000_000];
    BoundedInputStream in = new BoundedInputStream(body(endless), TEN);
    byte[] buffer = new byte[8192];
    assertThatThrownBy(() -> in.read(buffer, 0, buffer.length))
        .isInstanceOf(PayloadTooLargeException.class);
  }

  @Test
  void findsANulInAnyPartOfAQuery() {
    assertThat(BoundedInputFilter.nulInQuery("type=a%00b")).isEqualTo("type");
    assertThat(BoundedInputFilter.nulInQuery("limit=5&actor=%00")).isEqualTo("actor");
    assertThat(BoundedInputFilter.nulInQuery("ty%00pe=x")).isEqualTo("ty\\u0000pe");
    assertThat(BoundedInputFilter.nulInQuery("type=a&limit=%zz")).isNull();
    assertThat(BoundedInputFilter.nulInQuery("type=a+b")).isNull();
  }
}
