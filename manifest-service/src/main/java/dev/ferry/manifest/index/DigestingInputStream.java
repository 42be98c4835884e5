package dev.ferry.manifest.index;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes (SHA-256) and counts every byte read through it. Unlike {@link java.security.DigestInputStream}
 * it also hashes skipped bytes, so no byte can reach the reader without reaching the digest.
 * Not thread-safe: owned by one scan.
 */
final class DigestingInputStream extends FilterInputStream {

  private final MessageDigest sha256;
  private long count;

  DigestingInputStream(InputStream in) {
    super(in);
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      sha256.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      sha256.update(buffer, offset, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] discard = new byte[(int) Math.min(Math.max(n, 0), 8192)];
    long skipped = 0;
    while (skipped < n) {
      int read = read(discard, 0, (int) Math.min(discard.length, n - skipped));
      if (read < 0) {
        break;
      }
      skipped += read;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void mark(int readLimit) {
    // unsupported: a reset would hash bytes twice
  }

  @Override
  public void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  /** Reads whatever is left, so the hash and count cover the stream to its end. */
  void drain() throws IOException {
    byte[] buffer = new byte[8192];
    while (read(buffer, 0, buffer.length) >= 0) {
      // hashed and counted by read
    }
  }

  long count() {
    return count;
  }

  /** Lower-case hex SHA-256 of the bytes read so far; call once, at the end. */
  String sha256Hex() {
    return HexFormat.of().formatHex(sha256.digest());
  }
}
