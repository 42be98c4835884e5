package dev.ferry.manifest.store;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Passes a stream through and keeps a copy of what was read, unless it grows past a limit. */
public final class CapturingInputStream extends FilterInputStream {

  private final long limit;
  private ByteArrayOutputStream copy;

  public CapturingInputStream(InputStream in, long expectedBytes, long limit) {
    super(in);
    this.limit = limit;
    this.copy = expectedBytes <= limit ? new ByteArrayOutputStream((int) Math.max(0, expectedBytes)) : null;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0 && fits(1)) {
      copy.write(b);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0 && fits(n)) {
      copy.write(buffer, offset, n);
    }
    return n;
  }

  /** Whether {@code length} more bytes can be kept; gives the copy up for good once they cannot. */
  private boolean fits(int length) {
    if (copy != null && copy.size() + length > limit) {
      copy = null;
    }
    return copy != null;
  }

  /** Everything read, or empty when it grew past the limit. */
  public Optional<byte[]> captured() {
    return Optional.ofNullable(copy).map(ByteArrayOutputStream::toByteArray);
  }
}
