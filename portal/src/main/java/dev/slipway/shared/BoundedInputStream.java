package dev.slipway.shared;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * A request body that refuses to be read past its limit: the read that would cross it throws {@link
 * PayloadTooLargeException}, so a body without a Content-Length (chunked) is cut off after {@code
 * maxBytes + 1} bytes instead of being buffered whole.
 */
final class BoundedInputStream extends ServletInputStream {

  private final ServletInputStream in;
  private final BodyLimit limit;
  private long read;

  BoundedInputStream(ServletInputStream in, BodyLimit limit) {
    this.in = in;
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    // Never ask for more than one byte past the limit: that byte is enough to know.
    long room = limit.maxBytes() - read + 1;
    int n = in.read(buffer, offset, (int) Math.min(length, Math.max(1, room)));
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(int n) {
    read += n;
    if (read > limit.maxBytes()) {
      throw new PayloadTooLargeException(limit);
    }
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public boolean isFinished() {
    return in.isFinished();
  }

  @Override
  public boolean isReady() {
    return in.isReady();
  }

  @Override
  public void setReadListener(ReadListener listener) {
    in.setReadListener(listener);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
